import * as path from 'node:path';
import { requireBundle } from './lazyBundle';

type Compare = typeof import('../core/images/index');
let compare: Compare | undefined;

/**
 * The host side of image comparison is a bundle of its own, dist/compare.js, loaded on the first
 * compareImages call (as dist/api.js is on the first request); it starts dist/compareWorker.js. Beside the
 * bundle (dist/) it is compare.js; in the transpiled tree the tests use (out/src/) it is compare/index.js.
 */
export function loadCompare(): Compare {
  if (!compare) {
    compare = requireBundle<Compare>(__dirname, 'compare.js', path.join('..', 'core', 'images', 'index.js'));
  }
  return compare;
}
