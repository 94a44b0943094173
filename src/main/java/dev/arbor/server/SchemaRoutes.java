package dev.arbor.server;

import dev.arbor.api.NeonMapper;
import dev.arbor.api.Responses;
import dev.arbor.backend.BranchBackend;
import dev.arbor.domain.Branch;
import dev.arbor.domain.PointInTime;
import dev.arbor.domain.TableInfo;
import dev.arbor.domain.UnifiedDiff;
import java.util.List;

/** {@code schema} and {@code compare_schema}: a database's schema at a point, and the diff of two. */
final class SchemaRoutes extends RouteSupport {
    private static final String BRANCH = "/projects/{project_id}/branches/{branch_id}";

    SchemaRoutes(BranchBackend backend, NeonMapper mapper) {
        super(backend, mapper);
    }

    @Override
    void register(Router router) {
        router.add("GET", BRANCH + "/schema", this::schema)
                .add("GET", BRANCH + "/compare_schema", this::compare);
    }

    private Reply schema(Call call) {
        project(call);
        String db = database(call);
        String format = call.choice("format", List.of("sql", "json"), "sql");
        PointInTime point = call.point("lsn", "timestamp");
        Branch b = backend.getBranch(call.path("branch_id"));
        if (format.equals("json")) {
            List<TableInfo> tables = backend.listTables(b.id(), db, point);
            return Reply.ok(new Responses.BranchSchemaResponse(null,
                    mapper.toSchemaJson(tables.stream().map(TableInfo::schema).toList())));
        }
        return Reply.ok(new Responses.BranchSchemaResponse(backend.schemaSql(b.id(), db, point), null));
    }

    /** The diff from the base (default: the parent) to the branch; a root needs {@code base_branch_id}. */
    private Reply compare(Call call) {
        project(call);
        String db = database(call);
        PointInTime point = call.point("lsn", "timestamp");
        PointInTime basePoint = call.point("base_lsn", "base_timestamp");
        Branch b = backend.getBranch(call.path("branch_id"));
        String baseRef = call.query("base_branch_id") != null ? call.query("base_branch_id") : b.parentId();
        if (baseRef == null) {
            throw HttpFailure.badRequest("BASE_BRANCH_REQUIRED", "\"" + b.name()
                    + "\" is a root branch with no parent to compare with; give base_branch_id.");
        }
        Branch base = backend.getBranch(baseRef);
        String before = backend.schemaSql(base.id(), db, basePoint);
        String after = backend.schemaSql(b.id(), db, point);
        return Reply.ok(new Responses.BranchSchemaCompareResponse(
                UnifiedDiff.diff("a/" + base.name() + "/" + db, before, "b/" + b.name() + "/" + db, after)));
    }

    private static String database(Call call) {
        String db = call.query("db_name");
        if (db == null) {
            throw HttpFailure.badRequest("DB_NAME_REQUIRED", "db_name is required: the database whose schema to read.");
        }
        return db;
    }
}
