import { fireEvent, render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { JsonInspector } from '../../../src/ui/JsonInspector';

const payload = { orderId: 'A-1', total: 42.5, paid: true, lines: [{ sku: 'X', qty: 2 }], meta: { source: { channel: 'web' } } };

test('opens the first levels, collapses deeper ones with a count, and expands on request', () => {
  render(<JsonInspector title="Payload" value={payload} openDepth={2} />);
  const panel = screen.getByTestId('json-payload');
  expect(panel.textContent).toContain('orderId: "A-1"');
  expect(panel.textContent).toContain('total: 42.5');
  expect(panel.textContent).toContain('paid: true');
  // depth 2 is collapsed: the line object and meta.source show their size, not their contents
  expect(panel.textContent).not.toContain('sku');
  expect(panel.textContent).toContain('2 keys');
  expect(panel.textContent).not.toContain('channel');
  fireEvent.click(screen.getByRole('button', { name: 'Expand source' }));
  expect(panel.textContent).toContain('channel: "web"');
  fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
  expect(panel.textContent).not.toContain('orderId');
  expect(panel.textContent).toContain('5 keys');
});

test('no value: "none" and no copy button; a scalar renders as JSON', () => {
  const { rerender } = render(<JsonInspector title="Result" value={undefined} />);
  expect(screen.getByTestId('json-result').textContent).toContain('none');
  expect(screen.queryByRole('button', { name: /copy/i })).toBeNull();
  rerender(<JsonInspector title="Result" value="done" />);
  expect(screen.getByTestId('json-result').textContent).toContain('"done"');
  expect(screen.getByRole('button', { name: /copy/i })).toBeTruthy();
});
