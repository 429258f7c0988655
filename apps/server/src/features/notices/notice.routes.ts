import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../app-deps.js';

export const noticeRoutes: FastifyPluginAsync<AppDeps> = async () => {};
