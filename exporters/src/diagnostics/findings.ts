// What the collectors found, sanitized: the report's content before its recommendations.
import type { DiagnosticContent } from '@trafi-ops/contracts';

export type Findings = Omit<DiagnosticContent, 'recommendations' | 'redactions' | 'generatedAt' | 'operator'>;
