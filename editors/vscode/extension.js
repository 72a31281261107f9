// Starts `schemac lsp` for .schema files. The server finds the schema folder and the migration
// folder itself (see docs/editors.md); the settings below only override them.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function serverArguments(settings) {
  const args = ['lsp'];
  const schema = settings.get('schemac.schemaFolder');
  if (schema) args.push('--schema', schema);
  const migrations = settings.get('schemac.migrationsFolder');
  if (migrations) args.push('--migrations', migrations);
  return args;
}

function activate(context) {
  const settings = vscode.workspace.getConfiguration();
  const command = settings.get('schemac.path') || 'schemac';
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const server = { command, args: serverArguments(settings), options: root ? { cwd: root } : {} };
  client = new LanguageClient('schemac', 'schemac', server, {
    documentSelector: [{ scheme: 'file', language: 'schemac' }],
  });
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration('schemac')) {
        vscode.window.showInformationMessage('schemac: reload the window to use the new settings.');
      }
    }),
  );
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `schemac lsp did not start (${error.message}). Set "schemac.path" to the schemac binary.`,
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
