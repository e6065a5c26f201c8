import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Role } from '@crm/auth';
import { ChamberEntity, ChamberLevel } from '@crm/chamber';
import { createChamber, createTestApp, expectData, signedInUser, TestApp } from '@crm/testing';

// Optional e-mail: with SMTP_URL set, a new notice and a reminder are mailed (through a queued
// job) to the recipient units' accounts, here a local SMTP server the test starts on 127.0.0.1.

interface Received {
  to: string[];
  data: string;
}

describe('notice e-mail through SMTP (optional, by environment)', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: Received[] = [];
  let admin: string;
  let chamber: ChamberEntity;
  let secretaryEmail: string;

  const waitFor = async (n: number): Promise<void> => {
    for (let i = 0; i < 150 && received.length < n; i++) await new Promise((r) => setTimeout(r, 100));
  };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: 'office@example.test', JOB_WORKERS: 'true' });
    chamber = await createChamber(t, { level: ChamberLevel.Provincial });
    admin = (await signedInUser(t, { role: Role.Admin })).accessToken;
    const secretary = await signedInUser(t, { role: Role.ChamberSecretary, chamberId: chamber.id });
    secretaryEmail = secretary.user.email;
  });

  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('mails a new notice and its reminder to the recipient unit’s accounts', async () => {
    const sent = expectData(
      await t.gql<{ sendNotice: { id: string } }>(
        `mutation($input: SendNoticeInput!) { sendNotice(input: $input) { id } }`,
        { input: { title: '年会报名通知', body: '请报名。', target: { kind: 'CHAMBER_SUBTREE', chamberId: chamber.id }, deadline: new Date(Date.now() + 86_400_000).toISOString() } },
        admin,
      ),
    ).sendNotice;
    await waitFor(1);
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(expect.arrayContaining([secretaryEmail.toLowerCase()]));
    expect(received[0].data).toContain('Subject:');
    expectData(await t.gql(`mutation($id: ID!) { remindNotice(id: $id) }`, { id: sent.id }, admin));
    await waitFor(2);
    expect(received).toHaveLength(2);
    expect(received[1].to).toEqual(expect.arrayContaining([secretaryEmail.toLowerCase()]));
  });
});
