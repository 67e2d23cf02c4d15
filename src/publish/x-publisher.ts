/**
 * Where src/listen/x-mention-source.ts finds the X publisher until it moves to src/adapters/
 * (it is being rewritten elsewhere); delete this file once its imports name src/adapters/x/.
 */
export { classifyXError } from '../adapters/x/classify-x-error.ts';
export { XPublisher } from '../adapters/x/x-publisher.ts';
