import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps.js';

export const talkRoutes: FastifyPluginAsync<AppDeps> = async () => {};
