// Quieter logs while testing; set LOG_LEVEL to see more.
process.env.NODE_ENV ||= "test";

// Game rooms send every client its chat history on joining (docs/protocol.md §4, Chat). Most tests' clients play
// without a chat handler, and colyseus.js warns once per such message; that one warning is dropped, no other.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === "string" && args[0].startsWith("colyseus.js: onMessage() not registered for type 'chat:history'")) return;
  warn(...args);
};
