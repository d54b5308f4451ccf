import React from 'react';

/** One note in the list: its title and a short excerpt, both rendered as text. */
export function NoteCard({ note, onOpen }) {
  return (
    <article className="note-card" onClick={() => onOpen(note.id)}>
      <h3>{note.title}</h3>
      <p>{note.excerpt}</p>
      <time dateTime={note.updatedAt}>{new Date(note.updatedAt).toLocaleDateString()}</time>
    </article>
  );
}
