import type { Job } from 'bullmq';
import { type AnswerDeps, answerMentions } from '../src/core/listen/answer-mentions.ts';
import type { Platform } from '../src/domain/platform.ts';
import type { MentionSource } from '../src/ports/mention-source.ts';
import type { CheckMentionsJobData } from './queues.ts';

/** The processor of the mentions queue: one check of one platform's mentions per job. */
export function createCheckMentionsProcessor(sources: Partial<Record<Platform, MentionSource>>, deps: AnswerDeps) {
  return async (job: Job<CheckMentionsJobData>) => {
    const source = sources[job.data.platform];
    if (!source) return { platform: job.data.platform, note: 'platform not live: mentions are not read' };
    return answerMentions(source, { ...deps, log: deps.log.child({ platform: job.data.platform, job: 'check-mentions' }) });
  };
}
