import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AuditEntry } from '@trafi-ops/contracts';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { expect, test } from 'vitest';
import { AuditPage } from '../../../src/features/audit/AuditPage';
import { calls, on, pathOf } from '../../fake-backend';

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id: String(id), at: new Date(Date.UTC(2026, 11, 1, 10, 0, id)).toISOString(), user: 'alice', role: 'operator', action: 'queue.pause', target: 'emails', reason: 'maintenance', outcome: 'succeeded', result: 'paused', ...over,
});

let search = '';
function Location() {
  search = useLocation().search;
  return null;
}
const renderPage = (url = '/a/trafi-ops-app/audit') =>
  render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AuditPage refreshMs={0} pageSize={2} />
      <Location />
    </MemoryRouter>,
  );
const listCalls = () => calls.filter((c) => pathOf(c) === '/audit');

test('lists entries with who, action, target, reason and outcome; filters go to the API and the URL; pages by cursor', async () => {
  on('GET', /^\/audit$/, (req) => {
    const p = req.params as Record<string, string>;
    if (p.cursor === 'c2') return { data: { items: [entry(1, { outcome: 'denied', user: 'bob', result: 'denied: needs operator' })], nextCursor: null } };
    return { data: { items: [entry(3), entry(2, { action: 'dlq.bulk_retry', target: 'invoices', outcome: 'failed', result: 'error: redis down', details: { ids: ['invoices:1'] } })], nextCursor: 'c2' } };
  });
  renderPage();
  await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
  const rows = screen.getAllByTestId('audit-row');
  expect(rows.map((r) => r.dataset.outcome)).toEqual(['succeeded', 'failed']);
  expect(rows[1]!.textContent).toContain('error: redis down · {"ids":["invoices:1"]}');
  expect(rows[0]!.textContent).toMatch(/2026-12-01 \d\d:00:03/);

  fireEvent.change(screen.getByLabelText('User contains'), { target: { value: 'ali' } });
  fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'queue.pause' } });
  fireEvent.change(screen.getByLabelText('Target contains'), { target: { value: 'emails' } });
  fireEvent.change(screen.getByLabelText(/^From \(/), { target: { value: '2026-12-01T09:00' } });
  fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
  await waitFor(() => expect(listCalls().at(-1)!.params).toMatchObject({ actor: 'ali', action: 'queue.pause', target: 'emails', from: new Date('2026-12-01T09:00').getTime(), limit: 2 }));
  expect(new URLSearchParams(search).get('actor')).toBe('ali');

  fireEvent.click(await screen.findByTestId('audit-next'));
  await waitFor(() => expect(screen.getAllByTestId('audit-row').map((r) => r.dataset.outcome)).toEqual(['denied']));
  expect(listCalls().at(-1)!.params).toMatchObject({ cursor: 'c2', actor: 'ali' });
  expect((screen.getByTestId('audit-next') as HTMLButtonElement).disabled).toBe(true);
});

test('a shared URL applies its filters; an API error shows the field', async () => {
  on('GET', /^\/audit$/, { status: 400, data: { error: { code: 'invalid_request', message: 'too long', field: 'actor' } } });
  renderPage('/a/trafi-ops-app/audit?actor=x&action=run.replay');
  expect((await screen.findByRole('alert')).textContent).toContain('(field: actor)');
  expect(listCalls()[0]!.params).toMatchObject({ actor: 'x', action: 'run.replay' });
  expect((screen.getByLabelText('Action') as HTMLInputElement).value).toBe('run.replay');
});
