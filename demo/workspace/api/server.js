'use strict';
const express = require('express');
const users = require('./routes/users');
const notes = require('./routes/notes');

const app = express();
app.use(express.json({ limit: '100kb' }));

app.use('/api/users', users);
app.use('/api/notes', notes);

app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, '127.0.0.1', () => console.log(`acme-notes API on http://127.0.0.1:${port}`));
