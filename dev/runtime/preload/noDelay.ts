/**
 * Diagnostic only (bench:runtime's "nodelay" run): preloaded into the sailor with NODE_OPTIONS=--require, it turns
 * Nagle's algorithm off on every socket. amqplib 0.8 (the sailor's) connects with noDelay false and writes a
 * message of 2 KiB or more as several chunks, so each confirmed publish can wait for a delayed TCP ACK.
 */
import * as net from 'net';

const original = net.Socket.prototype.setNoDelay;
net.Socket.prototype.setNoDelay = function setNoDelay(this: net.Socket): net.Socket {
  return original.call(this, true);
};
