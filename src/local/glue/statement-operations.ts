import { ID_RULE, type GlueOperation } from './glue-call.js';
import { statementShape } from './glue-shapes.js';

const STATEMENT_ID = { required: true, integer: true, min: 0 };

export const runStatement: GlueOperation = (input, call) => {
  const sessionId = input.string('SessionId', ID_RULE)!;
  const code = input.string('Code', { required: true })!;
  input.finish();
  const session = call.authorizeOnSession('RunStatement', sessionId);
  return { Id: session.runStatement(code) };
};

export const getStatement: GlueOperation = (input, call) => {
  const sessionId = input.string('SessionId', ID_RULE)!;
  const id = input.number('Id', STATEMENT_ID)!;
  input.finish();
  const session = call.authorizeOnSession('GetStatement', sessionId);
  session.requireAvailable();
  return { Statement: statementShape(session.statement(id)) };
};

export const listStatements: GlueOperation = (input, call) => {
  const sessionId = input.string('SessionId', ID_RULE)!;
  input.finish();
  const session = call.authorizeOnSession('ListStatements', sessionId);
  session.requireAvailable();
  return { Statements: session.statements.map(statementShape) };
};

export const cancelStatement: GlueOperation = (input, call) => {
  const sessionId = input.string('SessionId', ID_RULE)!;
  const id = input.number('Id', STATEMENT_ID)!;
  input.finish();
  call.authorizeOnSession('CancelStatement', sessionId).cancelStatement(id);
  return {};
};
