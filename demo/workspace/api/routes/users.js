'use strict';
const express = require('express');
const db = require('../db');

const router = express.Router();

router.get('/:id', async (req, res, next) => {
  try {
    const rows = await db.query('SELECT id, name, email FROM users WHERE id = $1', [req.params.id]);
    if (rows.length === 0) return res.status(404).json({ error: 'no such user' });
    res.json(rows[0]);
  } catch (error) {
    next(error);
  }
});

module.exports = router;
