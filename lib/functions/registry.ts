/**
 * Every function of the component, in the order the manifest, the README and the tour list them. A function
 * that is not here does not exist: component.json, lib/schemas and the README reference are generated from this.
 */
import type { FunctionDefinition } from '../platform/definition';
import checkAvailability = require('./calendar/checkAvailability');
import createEvent = require('./calendar/createEvent');
import findNextAvailableTime = require('./calendar/findNextAvailableTime');
import pollEvents = require('./calendar/pollEvents');
import upcomingEvents = require('./calendar/upcomingEvents');
import getContacts = require('./contacts/getContacts');
import addDraftAttachment = require('./mail/addDraftAttachment');
import createDraft = require('./mail/createDraft');
import forwardMessage = require('./mail/forwardMessage');
import getMessages = require('./mail/getMessages');
import moveMail = require('./mail/moveMail');
import readMail = require('./mail/readMail');
import replyToMessage = require('./mail/replyToMessage');
import sendDraft = require('./mail/sendDraft');
import sendMail = require('./mail/sendMail');
import updateDraft = require('./mail/updateDraft');

export const FUNCTIONS: readonly FunctionDefinition[] = [
  readMail, getContacts, pollEvents, upcomingEvents,
  sendMail, moveMail, getMessages, createEvent, checkAvailability, findNextAvailableTime,
  replyToMessage, forwardMessage, createDraft, updateDraft, addDraftAttachment, sendDraft,
].map((module) => module.definition);

/** Where the sailor loads a function from (component.json `main`), relative to the component root. */
export const MODULE_PATHS: Readonly<Record<string, string>> = {
  readMail: './lib/functions/mail/readMail.js',
  getContacts: './lib/functions/contacts/getContacts.js',
  pollEvents: './lib/functions/calendar/pollEvents.js',
  upcomingEvents: './lib/functions/calendar/upcomingEvents.js',
  sendMail: './lib/functions/mail/sendMail.js',
  moveMail: './lib/functions/mail/moveMail.js',
  getMessages: './lib/functions/mail/getMessages.js',
  createEvent: './lib/functions/calendar/createEvent.js',
  checkAvailability: './lib/functions/calendar/checkAvailability.js',
  findNextAvailableTime: './lib/functions/calendar/findNextAvailableTime.js',
  replyToMessage: './lib/functions/mail/replyToMessage.js',
  forwardMessage: './lib/functions/mail/forwardMessage.js',
  createDraft: './lib/functions/mail/createDraft.js',
  updateDraft: './lib/functions/mail/updateDraft.js',
  addDraftAttachment: './lib/functions/mail/addDraftAttachment.js',
  sendDraft: './lib/functions/mail/sendDraft.js',
};
