// A run URL with a bad % sequence (hand-edited, truncated) must not crash the app.
import type { AppRootProps } from '@grafana/data';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, test } from 'vitest';
import { App, safeDecode } from '../../../src/App';
import type { AppSettings } from '../../../src/constants';

describe('App at a malformed run URL', () => {
  test('safeDecode decodes what it can and keeps a bad segment raw', () => {
    expect(safeDecode('orders/job%2F7')).toBe('orders/job/7');
    expect(safeDecode('orders/job-%E0%A4%A')).toBe('orders/job-%E0%A4%A');
  });

  test('renders the page with the raw segment in the breadcrumb instead of throwing', async () => {
    const props = { meta: { jsonData: {} } } as unknown as AppRootProps<AppSettings>;
    render(
      <MemoryRouter initialEntries={['/a/trafi-ops-app/runs/orders/job-%E0%A4%A']}>
        <Routes>
          <Route path="/a/trafi-ops-app/*" element={<App {...props} />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByText('orders/job-%E0%A4%A')).toBeTruthy();
  });
});
