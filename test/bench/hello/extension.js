// The hello-world extension of VS Code's generator, as plain JavaScript: one command, one message.
// Plus `benchHello.shot`, the least a screenshot preview can do in the same host (issue #15): the same
// POST with bare undici, then a bare webview panel showing the returned PNG in an <img>. It is the
// yardstick Scene Snap's command → tab → decoded image path is compared with (test/bench/host).
const vscode = require('vscode');

let panel;
let waiting;
let shots = 0;

function page(url) {
  // No nonce, no CSP beyond what the image needs: the least possible page.
  return `<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body><img id="i">
<script>
const vscode = acquireVsCodeApi();
const img = document.getElementById('i');
function show(url) { img.src = url; img.decode().then(() => vscode.postMessage({ decoded: url }), () => vscode.postMessage({ failed: url })); }
window.addEventListener('message', (e) => show(e.data.url));
show(${JSON.stringify(url)});
</script></body></html>`;
}

/** @param {{ apiBaseUrl: string, room: string, token: string, region: string, body: object }} a */
async function shot(a) {
  // Loaded on first use, as Scene Snap loads its client: the yardstick's activation stays the hello world's.
  const { request } = require('./undici.js');
  const res = await request(`${a.apiBaseUrl}/v5/rooms/${a.room}/screenshots`, {
    method: 'POST',
    headers: { token: a.token, region: a.region, 'content-type': 'application/json' },
    body: JSON.stringify(a.body),
  });
  const { url } = await res.body.json();
  // The service answers one URL for every shot of a scene (it overwrites the object), and a page hands an
  // <img> the picture it already has for a URL: the least a preview must do to show the new picture is to
  // load it under a URL the page has not seen (as Scene Snap's page does, src/extension/preview/freshImageUrls.ts).
  const shown = shots++ && panel ? `${url}${url.includes('?') ? '&' : '?'}shot=${shots}` : url;
  const decoded = new Promise((resolve, reject) => (waiting = { resolve, reject }));
  if (panel) {
    panel.reveal(undefined, false);
    void panel.webview.postMessage({ url: shown });
  } else {
    panel = vscode.window.createWebviewPanel('benchHello.shot', 'Shot', vscode.ViewColumn.Active, { enableScripts: true });
    panel.webview.onDidReceiveMessage((m) => (m.decoded ? waiting?.resolve(m.decoded) : waiting?.reject(new Error(`not decoded: ${m.failed}`))));
    panel.onDidDispose(() => (panel = undefined));
    panel.webview.html = page(shown);
  }
  return { url, decoded };
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('benchHello.hello', () => vscode.window.showInformationMessage('Hello World!')),
    vscode.commands.registerCommand('benchHello.shot', shot),
  );
};

exports.deactivate = () => {};
