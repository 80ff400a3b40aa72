/** The formats the browser's validators use: the API's own (api/validation.ts), by the names the schemas give. */
export { projectFormats as formats } from '../../validation';
