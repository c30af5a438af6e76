/**
 * The published 好差评 figures: /complaints/satisfaction/ and the open data files
 * /data/satisfaction.csv and .json, built into the static site at publish from one read of the
 * database per build (counts only: no complaint, review text or person is published).
 */
import { buildMemo } from '../db/build-memo';
import { satisfactionCounts } from '../db/complaint-satisfaction';
import {
  openSatisfactionRows,
  OPEN_SATISFACTION_FIELDS,
  satisfactionCsv,
  satisfactionFigures,
  SMALL_COUNT,
  type SatisfactionFigures,
} from '../domain/complaint-satisfaction';
import { OPEN_DATA_LICENCE } from '../domain/open-data';
import { chinaDate, type IsoDate } from '../domain/working-days';
import { siteFrame, type Site } from './public';
import { config } from '../config';

/** The build's figures, read once (the page and both files show the same numbers). */
export const buildFigures = buildMemo(() => satisfactionCounts(null).then(satisfactionFigures));

export interface SatisfactionPage {
  site: Site;
  figures: SatisfactionFigures;
  asOf: IsoDate;
  smallCount: number;
}

export async function satisfactionPage(): Promise<SatisfactionPage> {
  return { site: await siteFrame(true), figures: await buildFigures(), asOf: chinaDate(new Date()), smallCount: SMALL_COUNT };
}

export async function satisfactionCsvText(): Promise<string> {
  return satisfactionCsv(openSatisfactionRows(await buildFigures()));
}

export async function satisfactionJsonText(): Promise<string> {
  const { dataset } = await siteFrame(true);
  const rows = openSatisfactionRows(await buildFigures());
  return (
    JSON.stringify(
      {
        title: `${dataset.county}投诉举报办理满意度（好差评）`,
        publisher: dataset.authority,
        demo: dataset.demo,
        generated_on: chinaDate(new Date()),
        licence: OPEN_DATA_LICENCE,
        page: `${config.publicUrl}/complaints/satisfaction/`,
        fields: Object.fromEntries(OPEN_SATISFACTION_FIELDS.map((f) => [f.key, f.description])),
        count: rows.length,
        rows,
      },
      null,
      1,
    ) + '\n'
  );
}
