import * as assert from 'node:assert/strict';
import { keepPathThroughForward } from '../../src/extension/preview/externalUrl';

describe('keepPathThroughForward (Open in Browser from a web window)', () => {
  const png = 'http://127.0.0.1:41234/bucket/room_init/x.png?v=2#top';

  it("puts back the path, query and fragment that code-server's port proxy drops", () => {
    assert.equal(keepPathThroughForward(png, 'http://127.0.0.1:8080/proxy/41234/'), 'http://127.0.0.1:8080/proxy/41234/bucket/room_init/x.png?v=2#top');
    assert.equal(keepPathThroughForward(png, 'https://code.example/me/proxy/41234'), 'https://code.example/me/proxy/41234/bucket/room_init/x.png?v=2#top');
  });

  it("keeps the proxy's own query beside the image's", () => {
    assert.equal(keepPathThroughForward('http://localhost:9/a.png?x=1', 'https://h/proxy/9/?folder=f'), 'https://h/proxy/9/a.png?folder=f&x=1');
  });

  it('leaves a forward that kept the path (VS Code port forwarding) and an unchanged URL alone', () => {
    assert.equal(keepPathThroughForward(png, 'http://localhost:50123/bucket/room_init/x.png?v=2#top'), 'http://localhost:50123/bucket/room_init/x.png?v=2#top');
    assert.equal(keepPathThroughForward(png, png), png);
  });
});
