import * as assert from 'node:assert/strict';
import { FreshImageUrls, SHOT_MARKER } from '../../src/extension/preview/freshImageUrls';

// One key, one URL for every screenshot of a scene (the service overwrites it): the page must never load
// a URL it already holds a picture of for another screenshot.
describe('FreshImageUrls: the URL an <img> of the page loads', () => {
  const url = 'https://bucket.example/room_cover/t/r/init.png';

  it('the first screenshot shown for a URL loads it as the service gave it, and again for that screenshot', () => {
    const fresh = new FreshImageUrls();
    assert.equal(fresh.urlFor(url, 'e1'), url);
    assert.equal(fresh.urlFor(url, 'e1'), url);
  });

  it('another screenshot with the same URL loads a URL the page has not seen, one per screenshot', () => {
    const fresh = new FreshImageUrls();
    fresh.urlFor(url, 'e1');
    const second = fresh.urlFor(url, 'e2');
    const third = fresh.urlFor(url, 'e3');
    assert.equal(second, `${url}?${SHOT_MARKER}=e2`);
    assert.equal(third, `${url}?${SHOT_MARKER}=e3`);
    assert.equal(fresh.urlFor(url, 'e2'), second, 'the same screenshot again: the same URL (its picture is cached rightly)');
    assert.equal(fresh.urlFor('https://bucket.example/other.png', 'e2'), 'https://bucket.example/other.png', 'another URL is its own first');
  });

  it('keeps the query the service gave, and leaves a URL it cannot parse as it is', () => {
    const fresh = new FreshImageUrls();
    const withQuery = 'http://127.0.0.1:4000/bucket/b/k.png?x=1';
    fresh.urlFor(withQuery, 'e1');
    const marked = new URL(fresh.urlFor(withQuery, 'e2'));
    assert.equal(marked.searchParams.get('x'), '1');
    assert.equal(marked.searchParams.get(SHOT_MARKER), 'e2');
    fresh.urlFor('not a url', 'e1');
    assert.equal(fresh.urlFor('not a url', 'e2'), 'not a url');
  });
});
