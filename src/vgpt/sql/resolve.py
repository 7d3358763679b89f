"""Name resolution: which catalog tables and columns a query uses, with aliases, CTEs, derived
tables, APPLY and set operations resolved through sqlglot's scopes.

Analysis runs on a copy whose identifiers are lower-cased (T-SQL names are case-insensitive);
results are reported in catalog casing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.optimizer.normalize_identifiers import normalize_identifiers
from sqlglot.optimizer.scope import Scope, traverse_scope

from vgpt.schema.model import Catalog, Table
from vgpt.schema.suggest import nearest_columns, nearest_tables, synonym_tables
from vgpt.sql.result import Issue


@dataclass
class TableRef:
    """One physical table reference (``FROM APTH AS h``) in the analysed tree."""

    node: exp.Table
    table: Table | None  # None: not in the catalog
    alias: str  # lower-case alias, or the table name


@dataclass
class Resolution:
    tree: exp.Expression | None = None  # the normalized tree every node id below belongs to
    refs: list[TableRef] = field(default_factory=list)
    # (TABLE, Column) -> offset in the SQL text where it is first used
    first_use: dict[tuple[str, str], int] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    column_refs: dict[int, TableRef] = field(default_factory=dict)  # id(exp.Column) -> its table
    # id(exp.Column) of a CTE/derived-table column -> the expression that column selects inside
    through: dict[int, exp.Expression] = field(default_factory=dict)

    @property
    def tables(self) -> list[str]:
        out: list[str] = []
        for ref in sorted(self.refs, key=lambda r: text_offset(r.node)):  # order of the SQL text
            if ref.table and ref.table.name not in out:
                out.append(ref.table.name)
        return out

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(TABLE, Column) pairs in the order the SQL text first uses them."""
        return sorted(self.first_use, key=self.first_use.__getitem__)

    def use(self, ref: TableRef, column: str, node: exp.Expression) -> None:
        name = ref.table.column(column).name
        self.used.setdefault(ref.table.name, set()).add(name)
        where = text_offset(node)
        key = (ref.table.name, name)
        self.first_use[key] = min(self.first_use.get(key, where), where)


def text_offset(node: exp.Expression) -> int:
    # a Column's position sits on its Identifier; a Star carries its own
    for part in (node, node.this if isinstance(node.this, exp.Expression) else None):
        if part is not None and "start" in part.meta:
            return part.meta["start"]
    return 1 << 30


def normalized(tree: exp.Expression) -> exp.Expression:
    return normalize_identifiers(tree.copy(), dialect="tsql")


def cte_names(tree: exp.Expression) -> set[str]:
    return {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}


def is_physical(table: exp.Table, ctes: set[str]) -> bool:
    """A real table reference: not a CTE name, not a table-valued function."""
    if not isinstance(table.this, exp.Identifier):
        return False
    return bool(table.db or table.catalog) or table.name.lower() not in ctes


class _Resolver:
    def __init__(self, tree: exp.Expression, catalog: Catalog, original: exp.Expression | None = None):
        self.catalog = catalog
        self.tree = tree
        # normalize_identifiers only renames, so both trees walk in the same order; messages
        # quote names as the user wrote them
        self.spelled = {id(n): o for n, o in zip(tree.walk(), (original or tree).walk(), strict=True)}
        self.ctes = cte_names(tree)
        self.out = Resolution(tree=tree)
        self.refs_by_node: dict[int, TableRef] = {}
        self.reported: set[tuple[str, str | None, str | None]] = set()

    def said(self, node: exp.Expression, part: str = "name") -> str:
        return getattr(self.spelled.get(id(node), node), part)

    def issue(self, code: str, message: str, table=None, column=None, suggestions=()) -> None:
        if (code, table, column) not in self.reported:
            self.reported.add((code, table, column))
            self.out.issues.append(Issue(code, message, "error", table, column, list(suggestions)))

    # -- tables ---------------------------------------------------------------------------------
    def collect_tables(self) -> None:
        for node in self.tree.find_all(exp.Table, bfs=False):
            if not is_physical(node, self.ctes) or isinstance(node.parent, exp.Into):
                continue
            table = None if node.catalog else self.catalog.table(".".join(p.name for p in node.parts))
            ref = TableRef(node, table, node.alias_or_name.lower())
            self.refs_by_node[id(node)] = ref
            self.out.refs.append(ref)
            if table is None and not node.catalog and node.db.lower() in ("", "dbo"):
                self.unknown_table(self.said(node))

    def unknown_table(self, name: str) -> None:
        hints = [*synonym_tables(self.catalog, name), *nearest_tables(self.catalog, name)]
        hints = list(dict.fromkeys(hints))[:4]
        also = f"; did you mean {', '.join(hints)}?" if hints else ""
        self.issue("unknown_table", f"table {name} is not in the catalog{also}", table=name, suggestions=hints)

    # -- columns --------------------------------------------------------------------------------
    def source_of(self, scope: Scope, qualifier: str):
        s: Scope | None = scope
        while s is not None:
            for name, source in s.sources.items():
                if name.lower() == qualifier:
                    return self.refs_by_node.get(id(source), source) if isinstance(source, exp.Table) else source
            s = s.parent
        return None

    def projection(self, source: Scope) -> set[str] | None:
        """Output column names of a CTE or derived table; None when it has a star (anything goes)."""
        query = source.expression
        if not isinstance(query, (exp.Select, exp.SetOperation)):
            return None
        selects = query.selects
        if any(isinstance(s, exp.Star) or (isinstance(s, exp.Column) and s.is_star) for s in selects):
            return None
        alias = query.parent.args.get("alias") if query.parent else None
        if isinstance(alias, exp.TableAlias) and alias.columns:
            return {c.name.lower() for c in alias.columns}
        return {n.lower() for n in query.named_selects}

    def has(self, source, column: str) -> bool | None:
        """Whether ``source`` has ``column``: True, False, or None when it cannot be known."""
        if isinstance(source, TableRef):
            return source.table.has_column(column) if source.table else None
        if isinstance(source, Scope):
            names = self.projection(source)
            return None if names is None else column in names
        return None

    def qualified(self, scope: Scope, col: exp.Column) -> None:
        source = self.source_of(scope, col.table.lower())
        qual, name = self.said(col, "table"), self.said(col)
        if source is None:
            self.issue("unknown_alias", f"{qual}.{name}: no table or alias {qual} in scope",
                       table=qual, column=name)
        elif isinstance(source, TableRef) and source.table:
            self.check_table_column(source, col, scope)
        elif isinstance(source, Scope):
            self.link_derived(source, col)
            if self.has(source, col.name.lower()) is False:
                self.issue("unknown_column", f"{qual} has no column {name} (not in its SELECT list)",
                           table=qual, column=name)

    def link_derived(self, source: Scope, col: exp.Column) -> None:
        query = source.expression
        if not isinstance(query, exp.Select):
            return
        for sel in query.selects:
            if sel.alias_or_name.lower() == col.name.lower():
                self.out.through[id(col)] = sel.unalias()
                return

    def check_table_column(self, ref: TableRef, col: exp.Column, scope: Scope) -> None:
        if ref.table.has_column(col.name):
            self.out.use(ref, col.name, col)
            self.out.column_refs[id(col)] = ref
            return
        prefer = [r.table.name for r in self.out.refs if r.table]
        hints = nearest_columns(self.catalog, ref.table.name, col.name, prefer=prefer)
        also = f"; did you mean {', '.join(hints)}?" if hints else ""
        name = self.said(col)
        self.issue("unknown_column", f"{ref.table.name} has no column {name}{also}",
                   table=ref.table.name, column=name, suggestions=hints)

    def candidates(self, scope: Scope, name: str) -> tuple[list, bool]:
        found, unsure = [], False
        for _, source in scope.selected_sources.values():
            src = self.refs_by_node.get(id(source), source) if isinstance(source, exp.Table) else source
            verdict = self.has(src, name)
            if verdict:
                found.append(src)
            unsure |= verdict is None
        return found, unsure

    def unqualified(self, scope: Scope, col: exp.Column) -> None:
        name, spelled = col.name.lower(), self.said(col)
        s: Scope | None = scope
        while s is not None:
            found, unsure = self.candidates(s, name)
            if len(found) > 1:
                where = ", ".join(f.alias if isinstance(f, TableRef) else "derived" for f in found)
                self.issue("ambiguous_column", f"column {spelled} is ambiguous ({where}); qualify it",
                           column=spelled)
                return
            if found:
                if isinstance(found[0], TableRef):
                    self.check_table_column(found[0], col, s)
                else:
                    self.link_derived(found[0], col)
                return
            if unsure or (s is scope and self.is_select_alias(scope, col)):
                return
            s = s.parent
        tables = [r.table.name for r in self.out.refs if r.table]
        hints = []
        for t in tables:
            hints += nearest_columns(self.catalog, t, col.name, prefer=tables)
        hints = list(dict.fromkeys(hints))[:3]
        also = f"; did you mean {', '.join(hints)}?" if hints else ""
        self.issue("unknown_column", f"no table in scope has column {spelled}{also}", column=spelled,
                   suggestions=hints)

    @staticmethod
    def is_select_alias(scope: Scope, col: exp.Column) -> bool:
        query = scope.expression
        if not isinstance(query, exp.Select) or not col.find_ancestor(exp.Order):
            return False
        return col.name.lower() in {s.alias.lower() for s in query.selects if isinstance(s, exp.Alias)}

    def stars(self, scope: Scope) -> None:
        query = scope.expression
        if not isinstance(query, exp.Select):
            return
        for sel in query.selects:
            if isinstance(sel, exp.Star):
                refs = [self.refs_by_node.get(id(src)) for _, src in scope.selected_sources.values()]
            elif isinstance(sel, exp.Column) and sel.is_star and sel.table:
                refs = [self.source_of(scope, sel.table.lower())]
            else:
                continue
            for ref in refs:
                if isinstance(ref, TableRef) and ref.table:
                    for c in ref.table.column_names:
                        self.out.use(ref, c, sel)

    @staticmethod
    def belongs(scope: Scope, col: exp.Column) -> bool:
        """False for columns sqlglot lists in the wrong scope: inside ``> ALL (SELECT …)`` (their
        own scope checks them) and PIVOT ``IN ([a], [b])`` value lists (they are not columns)."""
        parent = col.parent
        if isinstance(parent, exp.In) and isinstance(parent.parent, exp.Pivot) and col is not parent.this:
            return False
        owner = col.find_ancestor(exp.Select)
        return owner is None or owner is scope.expression or not isinstance(scope.expression, exp.Select)

    def run(self) -> Resolution:
        self.collect_tables()
        for scope in traverse_scope(self.tree):
            self.stars(scope)
            for col in scope.columns:
                if col.is_star or not self.belongs(scope, col):
                    continue
                if col.table:
                    self.qualified(scope, col)
                else:
                    self.unqualified(scope, col)
        return self.out


def resolve(tree: exp.Expression, catalog: Catalog, original: exp.Expression | None = None) -> Resolution:
    """Resolve ``tree`` (normalized with :func:`normalized` from ``original``) against ``catalog``."""
    return _Resolver(tree, catalog, original).run()
