import type { StoreDeps } from './store';

/** Publication for public oversight (Art. 16 (3)): the bulletin the API serves without a token, in the case store. */
export function createPublicationActivities({ store }: StoreDeps) {
  return {
    async publishRectification(input: {
      caseId: string;
      unitName: string;
      title: string;
      text: string;
    }): Promise<{ publishedAt: string; url: string }> {
      const entry = await store.publish(input);
      return { publishedAt: entry.publishedAt, url: `/bulletin/${entry.caseId}` };
    },
  };
}
