import { expect } from 'chai';
import { MessageFactory, isMessageType } from '../../../src/protocol/messages.js';

let next = 0;
const factory = new MessageFactory({
  session: 'kernel-session',
  username: 'kernel',
  newId: () => `id-${++next}`,
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
});
const client = new MessageFactory({ session: 'client-session', username: 'someone' });

describe('MessageFactory', () => {
  it('stamps every header with id, session, username, ISO date and version 5.3', () => {
    const message = factory.message('status', { execution_state: 'starting' });
    expect(message.header).to.deep.equal({
      msg_id: message.header.msg_id,
      session: 'kernel-session',
      username: 'kernel',
      date: '2026-01-02T03:04:05.000Z',
      msg_type: 'status',
      version: '5.3',
    });
    expect(message.parent_header).to.deep.equal({});
  });

  it('replyTo derives the _reply type, the parent header and the identities', () => {
    const request = client.message('comm_info_request', {}, { identities: [Buffer.from('peer')] });
    const reply = factory.replyTo(request, { status: 'ok', comms: {} });
    expect(reply.header.msg_type).to.equal('comm_info_reply');
    expect(reply.parent_header).to.deep.equal(request.header);
    expect(reply.identities).to.deep.equal([Buffer.from('peer')]);
    expect(reply.header.session).to.equal('kernel-session');
  });

  it('childOf parents an iopub message without routing identities', () => {
    const request = client.message(
      'execute_request',
      { code: '1' },
      { identities: [Buffer.from('peer')] },
    );
    const child = factory.childOf(request, 'stream', { name: 'stdout', text: 'hi' });
    expect(child.header.msg_type).to.equal('stream');
    expect(child.parent_header.msg_id).to.equal(request.header.msg_id);
    expect(child.identities).to.deep.equal([]);
    expect(child.header.date).to.be.a('string');
  });

  it('replyToUnknown works from a run-time msg_type', () => {
    const request = client.message('inspect_request', { code: 'x', cursor_pos: 1 });
    expect(factory.replyToUnknown(request, { status: 'error' }).header.msg_type).to.equal(
      'inspect_reply',
    );
  });

  it('mints a fresh msg_id per message', () => {
    const a = client.message('kernel_info_request', {});
    const b = client.message('kernel_info_request', {});
    expect(a.header.msg_id).to.not.equal(b.header.msg_id);
    expect(isMessageType(a, 'kernel_info_request')).to.equal(true);
    expect(isMessageType(a, 'execute_request')).to.equal(false);
  });
});
