import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app.js';

export const eduGroupRoutes: FastifyPluginAsync<AppDeps> = async () => {};
