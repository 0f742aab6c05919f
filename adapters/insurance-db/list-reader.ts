// Reads a resolved list from the store in keyset batches (person id order): one query for the people of a batch
// (list-batch-query.ts: only the joins the granted fields need, compiled once per list), the names of communes not
// seen yet, then their vaccinations. Builds the rows with only the fields the caller may receive, so nothing else is
// even read.
import type { RowBatch } from '../../src/core/row-stream.ts';
import type { Store } from '../../src/store/open.ts';
import { PeopleBatchQuery } from './list-batch-query.ts';
import { CommuneNames } from './list-commune-names.ts';
import type { ResolvedList } from './list-query.ts';
import { BatchVaccinations } from './list-vaccinations.ts';
import { type ListFields, listFields, type ListRow, ListRowBuilder } from './list-row-builder.ts';

export type { ListRow } from './list-row-builder.ts';

export class ListReader {
  private readonly fields: ListFields;
  private readonly people: PeopleBatchQuery;
  private readonly communes: CommuneNames;
  private readonly builder: ListRowBuilder;
  private readonly vaccinations: BatchVaccinations | undefined;

  constructor(store: Store, list: ResolvedList, allowed: ReadonlySet<string>) {
    const f = listFields(allowed);
    this.fields = f;
    this.people = new PeopleBatchQuery(store, list, {
      identity: f.identity.length > 0, residence: f.residence, card: f.card.length > 0 || f.coverage, employment: f.employment, conditions: f.healthPriority,
    });
    this.communes = new CommuneNames(store);
    this.builder = new ListRowBuilder(f, list.referenceDate, this.communes);
    this.vaccinations = f.vaccinations ? new BatchVaccinations(store) : undefined;
  }

  /** Up to `size` people after person id `after`, as rows; an empty batch when the list is exhausted. */
  async batch(after: number, size: number): Promise<RowBatch<ListRow>> {
    const { columns, rows: people } = await this.people.rows(after, size);
    const at = this.builder.at(columns);
    if (this.fields.residence) await this.communes.load(communesOf(people, at.commune));
    const ids: number[] = [];
    const rows: ListRow[] = [];
    let previous = -1;
    for (const p of people) {
      const id = p[0] as number;
      if (id === previous) continue; // a second current card or job: the first one is listed
      previous = id;
      ids.push(id);
      rows.push(this.builder.row(p, at));
    }
    if (ids.length > 0 && this.vaccinations) {
      const byPerson = await this.vaccinations.of(ids);
      for (let k = 0; k < ids.length; k++) {
        const own = byPerson.get(ids[k] as number);
        if (own) (rows[k] as ListRow).vaccinations = own;
      }
    }
    return { rows, subjects: ids };
  }
}

function communesOf(people: readonly (readonly unknown[])[], at: number): Set<string> {
  const codes = new Set<string>();
  for (const p of people) {
    const code = p[at];
    if (typeof code === 'string') codes.add(code);
  }
  return codes;
}
