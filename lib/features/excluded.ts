/** Why a column of the customers file is not a feature. */
export interface ExcludedColumn {
  column: string;
  reason: 'protected' | 'pii' | 'id' | 'not numeric' | 'constant' | 'not selected' | 'outcome' | 'row number';
}
