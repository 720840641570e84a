import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { expect, test } from 'vitest';
import { AppLayout } from '../../src/components/AppLayout';
import { BrutalistTheme } from '../../src/theme/BrutalistTheme';

test('layout renders', () => {
  render(<MemoryRouter><BrutalistTheme><AppLayout section="queues" banner={null}><p>hi</p></AppLayout></BrutalistTheme></MemoryRouter>);
  expect(screen.getByText('hi')).toBeTruthy();
});
