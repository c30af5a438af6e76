/**
 * Page models of the clinic page's extra routes (issue 15): the room and device QR label sheet
 * (/i/{code}/labels/, on demand like the poster) and the pages of approved rating comments after
 * the first (/i/{code}/ratings/{n}/, static).
 */
import { config } from '../config';
import { approvedCommentsPage, devicesOfInstitution, institutionsWithMoreComments } from '../db/clinic-board';
import {
  commentPageCount,
  commentsPath,
  deviceLabelUrl,
  LABEL_ROOMS,
  roomLabelUrl,
  type LabelSheet,
  type PublishedCommentRecord,
} from '../domain/clinic-board';
import { institutionPath, posterQrUrl } from '../domain/poster';
import { posterPage, siteFrame, type PosterPage, type Site } from './public';

/** The label sheet, or why not (the poster's answer: 404 unknown, 410 closed). */
export async function labelsPage(codeParam: string | undefined): Promise<Omit<PosterPage, 'page'> & { sheet: LabelSheet | null }> {
  const { page, ...rest } = await posterPage(codeParam);
  if (!page) return { ...rest, sheet: null };
  const b = page.board;
  const posterUrl = posterQrUrl(config.publicUrl, b.code, b.posterVersion);
  // A scrapped device (报废) is no longer in the room: no label for it.
  const devices = (await devicesOfInstitution(b.code)).filter((d) => d.status !== '报废');
  return {
    ...rest,
    sheet: {
      name: b.name,
      code: b.code,
      posterVersion: b.posterVersion,
      pageHref: institutionPath(b.code),
      rooms: LABEL_ROOMS.map((r) => ({ title: r.name, note: null, url: roomLabelUrl(posterUrl, r.key) })),
      devices: devices.map((d) => ({ title: `${d.deviceType} ${d.code}`, note: d.room, url: deviceLabelUrl(posterUrl, d.code) })),
      demo: page.demo,
    },
  };
}

/** getStaticPaths of /i/{code}/ratings/{n}/: pages 2… of the institutions with more comments than the first page. */
export async function commentPagePaths(): Promise<{ params: { code: string; n: string }; props: { institutionId: number; n: number; pages: number } }[]> {
  const rows = await institutionsWithMoreComments();
  return rows.flatMap((r) => {
    const pages = commentPageCount(r.count);
    return Array.from({ length: pages - 1 }, (_, i) => ({
      params: { code: r.code, n: String(i + 2) },
      props: { institutionId: r.institutionId, n: i + 2, pages },
    }));
  });
}

export interface CommentPage {
  site: Site;
  code: string;
  comments: PublishedCommentRecord[];
  pages: { n: number; href: string; current: boolean }[];
  backHref: string;
}

export async function commentPage(code: string, props: { institutionId: number; n: number; pages: number }): Promise<CommentPage> {
  return {
    site: await siteFrame(true),
    code,
    comments: await approvedCommentsPage(props.institutionId, props.n),
    pages: Array.from({ length: props.pages }, (_, i) => ({
      n: i + 1,
      href: i === 0 ? `${institutionPath(code)}#ratings` : commentsPath(code, i + 1),
      current: i + 1 === props.n,
    })),
    backHref: institutionPath(code),
  };
}
