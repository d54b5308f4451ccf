'use strict';
const { Pool } = require('pg');

// Connection settings come from the environment (see .env.example).
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

module.exports = {
  query: (text, params) => pool.query(text, params).then((result) => result.rows),
};
