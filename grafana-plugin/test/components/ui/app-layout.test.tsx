import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { expect, test } from 'vitest';
import { AppLayout } from '../../../src/ui/AppLayout';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';

const layout = (section: 'queues' | 'runs' | undefined, trail?: string[]) =>
  render(
    <MemoryRouter>
      <BrutalistTheme>
        <AppLayout section={section} trail={trail} banner={<div data-testid="banner-slot" />}>
          <p>page content</p>
        </AppLayout>
      </BrutalistTheme>
    </MemoryRouter>,
  );

test('breadcrumb Dashboard > Operations > section (> trail), and the section marked current in the sidebar', () => {
  layout('runs', ['orders/42']);
  const crumbs = within(screen.getByRole('list', { name: 'Breadcrumb' })).getAllByRole('listitem').map((li) => li.textContent);
  expect(crumbs).toEqual(['Dashboard', 'Operations', 'Runs', 'orders/42']);
  const sidebar = within(screen.getByRole('complementary', { name: 'Operations' }));
  expect(sidebar.getAllByRole('link').map((a) => a.textContent)).toEqual(['Queues', 'Runs', 'DLQ', 'Health', 'Tenants', 'Event flow', 'SLOs', 'Audit', 'Support', 'Diagnostics', 'Rollback']);
  expect(sidebar.getByRole('link', { current: 'page' }).textContent).toBe('Runs');
  expect(sidebar.getByRole('link', { name: 'DLQ' }).getAttribute('href')).toBe('/a/trafi-ops-app/dlq');
  expect(screen.getByText('page content')).toBeTruthy();
  expect(screen.getByTestId('banner-slot')).toBeTruthy();
});

test('an unknown section has no third crumb and nothing marked current', () => {
  layout(undefined);
  expect(within(screen.getByRole('list', { name: 'Breadcrumb' })).getAllByRole('listitem')).toHaveLength(2);
  expect(within(screen.getByRole('complementary', { name: 'Operations' })).queryByRole('link', { current: 'page' })).toBeNull();
});

test('the rail (64px), the sidebar (240px) and the main column', () => {
  layout('queues');
  const shell = screen.getByRole('navigation', { name: 'Trafi' }).parentElement!;
  expect(getComputedStyle(shell).gridTemplateColumns).toBe('64px 240px minmax(0, 1fr)');
});
