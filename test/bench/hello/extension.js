// The hello-world extension of VS Code's generator, as plain JavaScript: one command, one message.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('benchHello.hello', () => vscode.window.showInformationMessage('Hello World!')));
};

exports.deactivate = () => {};
