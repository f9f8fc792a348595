/**
 * Every function of the component, in the order the manifest, the README and the tour list them. A function
 * that is not here does not exist: component.json, lib/schemas and the README reference are generated from this.
 */
import type { FunctionDefinition } from '../platform/definition';
import checkAvailability = require('./calendar/checkAvailability');
import createEvent = require('./calendar/createEvent');
import findMeetingTimes = require('./calendar/findMeetingTimes');
import findNextAvailableTime = require('./calendar/findNextAvailableTime');
import getSchedule = require('./calendar/getSchedule');
import pollEvents = require('./calendar/pollEvents');
import upcomingEvents = require('./calendar/upcomingEvents');
import eventCreatedWebhook = require('./calendar/eventCreatedWebhook');
import eventUpdatedWebhook = require('./calendar/eventUpdatedWebhook');
import getEvent = require('./calendar/getEvent');
import getEvents = require('./calendar/getEvents');
import updateEvent = require('./calendar/updateEvent');
import deleteEvent = require('./calendar/deleteEvent');
import cancelEvent = require('./calendar/cancelEvent');
import respondToEvent = require('./calendar/respondToEvent');
import forwardEvent = require('./calendar/forwardEvent');
import createCalendar = require('./calendar/createCalendar');
import updateCalendar = require('./calendar/updateCalendar');
import deleteCalendar = require('./calendar/deleteCalendar');
import getContacts = require('./contacts/getContacts');
import contactChangedWebhook = require('./contacts/contactChangedWebhook');
import createContact = require('./contacts/createContact');
import updateContact = require('./contacts/updateContact');
import upsertContact = require('./contacts/upsertContact');
import getContact = require('./contacts/getContact');
import lookupContacts = require('./contacts/lookupContacts');
import deleteContact = require('./contacts/deleteContact');
import createContactFolder = require('./contacts/createContactFolder');
import deleteContactFolder = require('./contacts/deleteContactFolder');
import batch = require('./raw/batch');
import rawRequest = require('./raw/rawRequest');
import addDraftAttachment = require('./mail/addDraftAttachment');
import copyMail = require('./mail/copyMail');
import createCategory = require('./mail/createCategory');
import createDraft = require('./mail/createDraft');
import createMailFolder = require('./mail/createMailFolder');
import deleteMailFolder = require('./mail/deleteMailFolder');
import deleteMessage = require('./mail/deleteMessage');
import downloadAttachments = require('./mail/downloadAttachments');
import forwardMessage = require('./mail/forwardMessage');
import getAutomaticReplies = require('./mail/getAutomaticReplies');
import getMailFolders = require('./mail/getMailFolders');
import getMessage = require('./mail/getMessage');
import getMessages = require('./mail/getMessages');
import moveMail = require('./mail/moveMail');
import newAttachment = require('./mail/newAttachment');
import newMessageWebhook = require('./mail/newMessageWebhook');
import readMail = require('./mail/readMail');
import replyToMessage = require('./mail/replyToMessage');
import sendDraft = require('./mail/sendDraft');
import sendMail = require('./mail/sendMail');
import setAutomaticReplies = require('./mail/setAutomaticReplies');
import updateDraft = require('./mail/updateDraft');
import updateMailFolder = require('./mail/updateMailFolder');
import updateMessage = require('./mail/updateMessage');

export const FUNCTIONS: readonly FunctionDefinition[] = [
  readMail, newAttachment, getContacts, pollEvents, upcomingEvents,
  newMessageWebhook, eventCreatedWebhook, eventUpdatedWebhook, contactChangedWebhook,
  sendMail, moveMail, getMessages, getMessage, copyMail, deleteMessage, updateMessage,
  replyToMessage, forwardMessage, createDraft, updateDraft, addDraftAttachment, sendDraft,
  getMailFolders, createMailFolder, updateMailFolder, deleteMailFolder, downloadAttachments,
  createCategory, getAutomaticReplies, setAutomaticReplies, createEvent, checkAvailability, findNextAvailableTime,
  getEvent, getEvents, updateEvent, deleteEvent, cancelEvent, respondToEvent, forwardEvent, createCalendar, updateCalendar, deleteCalendar,
  findMeetingTimes, getSchedule,
  createContact, updateContact, upsertContact, getContact, lookupContacts, deleteContact, createContactFolder, deleteContactFolder,
  rawRequest, batch,
].map((module) => module.definition);

/** Where the sailor loads a function from (component.json `main`), relative to the component root. */
export const MODULE_PATHS: Readonly<Record<string, string>> = {
  readMail: './lib/functions/mail/readMail.js',
  newAttachment: './lib/functions/mail/newAttachment.js',
  getContacts: './lib/functions/contacts/getContacts.js',
  pollEvents: './lib/functions/calendar/pollEvents.js',
  upcomingEvents: './lib/functions/calendar/upcomingEvents.js',
  newMessageWebhook: './lib/functions/mail/newMessageWebhook.js',
  eventCreatedWebhook: './lib/functions/calendar/eventCreatedWebhook.js',
  eventUpdatedWebhook: './lib/functions/calendar/eventUpdatedWebhook.js',
  contactChangedWebhook: './lib/functions/contacts/contactChangedWebhook.js',
  sendMail: './lib/functions/mail/sendMail.js',
  moveMail: './lib/functions/mail/moveMail.js',
  getMessages: './lib/functions/mail/getMessages.js',
  getMessage: './lib/functions/mail/getMessage.js',
  copyMail: './lib/functions/mail/copyMail.js',
  deleteMessage: './lib/functions/mail/deleteMessage.js',
  updateMessage: './lib/functions/mail/updateMessage.js',
  getMailFolders: './lib/functions/mail/getMailFolders.js',
  createMailFolder: './lib/functions/mail/createMailFolder.js',
  updateMailFolder: './lib/functions/mail/updateMailFolder.js',
  deleteMailFolder: './lib/functions/mail/deleteMailFolder.js',
  downloadAttachments: './lib/functions/mail/downloadAttachments.js',
  createCategory: './lib/functions/mail/createCategory.js',
  getAutomaticReplies: './lib/functions/mail/getAutomaticReplies.js',
  setAutomaticReplies: './lib/functions/mail/setAutomaticReplies.js',
  createEvent: './lib/functions/calendar/createEvent.js',
  checkAvailability: './lib/functions/calendar/checkAvailability.js',
  findNextAvailableTime: './lib/functions/calendar/findNextAvailableTime.js',
  replyToMessage: './lib/functions/mail/replyToMessage.js',
  forwardMessage: './lib/functions/mail/forwardMessage.js',
  createDraft: './lib/functions/mail/createDraft.js',
  updateDraft: './lib/functions/mail/updateDraft.js',
  addDraftAttachment: './lib/functions/mail/addDraftAttachment.js',
  sendDraft: './lib/functions/mail/sendDraft.js',
  getEvent: './lib/functions/calendar/getEvent.js',
  getEvents: './lib/functions/calendar/getEvents.js',
  updateEvent: './lib/functions/calendar/updateEvent.js',
  deleteEvent: './lib/functions/calendar/deleteEvent.js',
  cancelEvent: './lib/functions/calendar/cancelEvent.js',
  respondToEvent: './lib/functions/calendar/respondToEvent.js',
  forwardEvent: './lib/functions/calendar/forwardEvent.js',
  createCalendar: './lib/functions/calendar/createCalendar.js',
  updateCalendar: './lib/functions/calendar/updateCalendar.js',
  deleteCalendar: './lib/functions/calendar/deleteCalendar.js',
  findMeetingTimes: './lib/functions/calendar/findMeetingTimes.js',
  getSchedule: './lib/functions/calendar/getSchedule.js',
  createContact: './lib/functions/contacts/createContact.js',
  updateContact: './lib/functions/contacts/updateContact.js',
  upsertContact: './lib/functions/contacts/upsertContact.js',
  getContact: './lib/functions/contacts/getContact.js',
  lookupContacts: './lib/functions/contacts/lookupContacts.js',
  deleteContact: './lib/functions/contacts/deleteContact.js',
  createContactFolder: './lib/functions/contacts/createContactFolder.js',
  deleteContactFolder: './lib/functions/contacts/deleteContactFolder.js',
  rawRequest: './lib/functions/raw/rawRequest.js',
  batch: './lib/functions/raw/batch.js',
};
