// The URL parameters, read from the one definition the app and CLI use
// (crates/core/src/params/params.json), so tests and app cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(__dirname, '..', 'crates', 'core', 'src', 'params', 'params.json');

export interface ParamDef {
  doc: string;
  values?: string[];
  default: string | null;
}
export interface ParamsSpec {
  order: string[];
  list_separator: string;
  range_separator: string;
  max_value_length: number;
  params: Record<string, ParamDef>;
}

export const PARAMS: ParamsSpec = JSON.parse(readFileSync(file, 'utf8'));
/** Every view, in the order the navigation lists them. */
export const VIEWS: string[] = PARAMS.params.view.values ?? [];

/** A query string from parameters, in the canonical order. */
export function query(values: Record<string, string>): string {
  for (const k of Object.keys(values)) {
    if (!PARAMS.order.includes(k)) throw new Error(`not a healthdash parameter: ${k}`);
  }
  return PARAMS.order
    .filter((k) => values[k] !== undefined)
    .map((k) => `${k}=${encodeURIComponent(values[k]).replace(/%20/g, '+')}`)
    .join('&');
}
