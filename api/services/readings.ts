/**
 * 待阅 (issue 32 item 8): what was sent to a person for reading only (the notices of the cases addressed to their
 * party), and their 已阅. The list is one query of the store, with the same need-to-know as the case list (only cases
 * the party may see, `CaseViewers`) and the same rule as the views (a notice addressed to the reader's own party);
 * marking one read checks it against the case as the reader may see it (`CaseService.readStored`). The supervisions
 * and patrols (the listed kinds), as in the case list.
 */
import type { CaseStore, UnreadNotice } from '../../lib/store/case-store';
import type { Actor } from '../../workflows/domain';
import { isOverseer, isParty, partyOf, partyTag } from '../../workflows/engine/party';
import type { NotificationRecord } from '../../workflows/engine/schemas';
import { HttpRefusal } from '../refusal';
import type { CaseService } from './cases';

/** The most a list of 待阅 holds: the latest notices. */
export const readingsLimit = 50;

const noSuchNotice = () => new HttpRefusal(404, '没有这条待阅事项，或您无权查看', 'NotFound');

export class ReadingService {
  constructor(
    private readonly store: CaseStore,
    private readonly cases: CaseService,
  ) {}

  /** The latest notices addressed to the actor's party that the actor has not marked read, newest first. */
  unread(actor: Actor, limit = readingsLimit): Promise<UnreadNotice[]> {
    const tag = partyTag(partyOf(actor));
    return this.store.unreadNotices({
      person: actor.id,
      tag,
      ...(isOverseer(actor.role) ? {} : { viewer: tag }),
      kinds: this.cases.kinds.listed
        .filter((k) => isOverseer(actor.role) || k.contract.access !== 'overseers')
        .map((k) => k.kind),
      limit,
    });
  }

  /**
   * 已阅: record that the actor read the notice `notificationId` (`<caseId>:<key>`); again changes nothing. 404 when
   * there is no such notice addressed to the actor's party in a case the actor may see.
   */
  async markRead(actor: Actor, notificationId: string, now = new Date()): Promise<{ id: string; readAt: string }> {
    const caseId = notificationId.slice(0, notificationId.indexOf(':'));
    // The case as the actor may see it: 404 (ours) for a case that is not there or not theirs.
    const view = await this.cases.readStored(caseId, actor).then(
      (found) => found.view,
      (err: unknown) => {
        if (err instanceof HttpRefusal && err.statusCode === 404) return undefined;
        throw err;
      },
    );
    const notices = (view?.notifications ?? []) as NotificationRecord[];
    if (!notices.some((n) => n.notificationId === notificationId && isParty(actor, n.to))) throw noSuchNotice();
    const readAt = await this.store.markRead({ person: actor.id, notificationId, caseId, at: now });
    return { id: notificationId, readAt };
  }
}
