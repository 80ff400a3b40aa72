import { publishEntry } from '../lib/bulletin';

export interface PublicationDeps {
  bulletinDir: string;
}

/** Publication for public oversight (Art. 16 (3)): writes to the bulletin the API serves without a token. */
export function createPublicationActivities({ bulletinDir }: PublicationDeps) {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async publishRectification(input: {
      caseId: string;
      unitName: string;
      title: string;
      text: string;
    }): Promise<{ publishedAt: string; url: string }> {
      const entry = publishEntry(bulletinDir, input, new Date());
      return { publishedAt: entry.publishedAt, url: `/bulletin/${entry.caseId}` };
    },
  };
}
