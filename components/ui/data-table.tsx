/**
 * The admin pages' table: a header row, the rows given, and an empty state spanning the columns.
 * At phone width each row becomes a card (globals.css, `.data-table`): give every cell
 * `data-label` with its column's name, which labels it there.
 */
export function DataTable({ columns, isEmpty, emptyText, children }: { columns: string[]; isEmpty: boolean; emptyText: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="data-table w-full text-left text-sm">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="px-4 py-3 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isEmpty ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
