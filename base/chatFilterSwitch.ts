/**
 * Whether the chat's profanity filter is on, in this process. server/app.ts sets it from CHAT_FILTER at start and
 * follows `parlor:chat-filter` (published by the admin API) so that every process of a cluster agrees; rooms read it
 * as each line arrives.
 */
export const chatFilterSwitch = { enabled: true };

/** The presence channel of the switch: `{ enabled: boolean }`. */
export const CHAT_FILTER_CHANNEL = "parlor:chat-filter";
