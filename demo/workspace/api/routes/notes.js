'use strict';
const express = require('express');
const db = require('../db');

const router = express.Router();

router.get('/', async (req, res, next) => {
  try {
    const limit = Math.min(Number(req.query.limit) || 20, 100);
    res.json(await db.query('SELECT id, title, updated_at FROM notes ORDER BY updated_at DESC LIMIT $1', [limit]));
  } catch (error) {
    next(error);
  }
});

module.exports = router;
