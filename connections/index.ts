/** The registry of connection types: the one place that lists them. */
import apiToken from './api-token.ts';

export const connections = [apiToken];
