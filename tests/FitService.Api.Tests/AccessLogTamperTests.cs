using Dapper;
using FitService.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitService.Api.Tests;

/// <summary>
/// The service's own database login (the runtime role) cannot change, remove or hide access-log entries, nor give
/// itself the right to: every attempt is refused by PostgreSQL with insufficient_privilege (42501).
/// </summary>
public class AccessLogTamperTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task TheServiceConnectionIsNeitherSuperuserNorOwnerOfAnyTable()
    {
        // The data source the service itself uses, not a test connection.
        await using var db = await Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var login = await db.QuerySingleAsync<(string User, bool Superuser, bool CreateRole, bool MemberOfOwner)>("""
            select current_user, rolsuper, rolcreaterole, pg_has_role(current_user, 'fitservice_owner', 'MEMBER')
            from pg_roles where rolname = current_user
            """);
        Assert.Equal((FitServiceFactory.RuntimeLogin, false, false, false), login);
        Assert.True(await db.ExecuteScalarAsync<bool>("select pg_has_role(current_user, 'fitservice_runtime', 'MEMBER')"));
        var owned = await db.QueryAsync<string>("""
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and pg_has_role(current_user, c.relowner, 'USAGE')
            """);
        Assert.Empty(owned);
        Assert.Equal(FitServiceFactory.OwnerRole, await db.ExecuteScalarAsync<string>("select tableowner from pg_tables where tablename = 'access_log'"));
    }

    [Theory]
    [InlineData("update access_log set actor = 'someone-else'")]
    [InlineData("delete from access_log")]
    [InlineData("truncate access_log")]
    [InlineData("alter table access_log disable trigger access_log_no_update_delete")]
    [InlineData("alter table access_log disable trigger access_log_chain")]
    [InlineData("alter table access_log disable trigger all")]
    [InlineData("drop trigger access_log_no_update_delete on access_log")]
    [InlineData("drop trigger access_log_chain on access_log")]
    [InlineData("alter table access_log owner to fitservice_app")]
    [InlineData("drop table access_log")]
    [InlineData("set session_replication_role = replica")]
    [InlineData("grant fitservice_owner to fitservice_app")]
    [InlineData("create or replace function access_log_chain() returns trigger language plpgsql as $$ begin return new; end $$")]
    [InlineData("create table public.shadow_log (id int)")]
    public async Task AsTheRuntimeRoleEveryTamperingAttemptIsRefused(string sql)
    {
        var department = await Clinic.DepartmentAsync();
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        await using var db = await Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var before = await db.QueryAsync<(long, string, byte[])>("select id, actor, hash from access_log order by id");

        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(before, await db.QueryAsync<(long, string, byte[])>("select id, actor, hash from access_log order by id"));
        Assert.Equal("origin", await db.ExecuteScalarAsync<string>("show session_replication_role"));
        Assert.Equal(2, await db.ExecuteScalarAsync<int>(
            "select count(*) from pg_trigger where tgrelid = 'access_log'::regclass and tgname in ('access_log_no_update_delete', 'access_log_chain') and tgenabled = 'O'"));
        Assert.NotEqual(default, client);
    }

    [Theory]
    [InlineData("grant update, delete, truncate on access_log to fitservice_app")]
    [InlineData("grant all on access_log to fitservice_runtime")]
    public async Task GrantingItselfMoreOnTheAccessLogGrantsNothing(string sql)
    {
        // PostgreSQL answers a GRANT without grant option with a warning (01007), not an error: what counts is that
        // nothing was granted and the UPDATE is still refused.
        await using var db = await Factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var notices = new List<string>();
        db.Notice += (_, e) => notices.Add(e.Notice.SqlState);
        await db.ExecuteAsync(sql);
        Assert.Contains("01007", notices); // warning_privilege_not_granted
        Assert.Equal((false, false, false), await db.QuerySingleAsync<(bool, bool, bool)>("""
            select has_table_privilege('access_log', 'UPDATE'), has_table_privilege('access_log', 'DELETE'), has_table_privilege('access_log', 'TRUNCATE')
            """));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync("update access_log set actor = 'someone-else'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task TheRuntimeRoleHasDataPrivilegesOnEveryTableAndOnlyInsertAndSelectOnTheAccessLog()
    {
        // Every table in the schema, so a table added later is checked too (default privileges, migration 0040).
        await using var db = await Factory.OpenAsync();
        var privileges = (await db.QueryAsync<(string Table, string Granted)>("""
            select c.relname, concat_ws(',',
                       case when has_table_privilege(c.oid, 'SELECT') then 'select' end,
                       case when has_table_privilege(c.oid, 'INSERT') then 'insert' end,
                       case when has_table_privilege(c.oid, 'UPDATE') then 'update' end,
                       case when has_table_privilege(c.oid, 'DELETE') then 'delete' end,
                       case when has_table_privilege(c.oid, 'TRUNCATE') then 'truncate' end,
                       case when has_table_privilege(c.oid, 'REFERENCES') then 'references' end,
                       case when has_table_privilege(c.oid, 'TRIGGER') then 'trigger' end)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p')
            """)).ToDictionary(p => p.Table, p => p.Granted);
        Assert.Equal("select,insert", privileges["access_log"]);
        Assert.Equal("select", privileges["schemaversions"]);
        // The history of the item wording shown to clients is append-only too (migration 0120).
        Assert.Equal("select,insert", privileges["instrument_wording_changes"]);
        Assert.All(privileges.Where(p => p.Key is not "access_log" and not "schemaversions" and not "instrument_wording_changes"),
            p => Assert.Equal((p.Key, "select,insert,update,delete"), (p.Key, p.Value)));
    }

    [Fact]
    public async Task AnInsertCannotChooseItsTimePositionOrHash()
    {
        var client = Guid.NewGuid();
        await using var db = await Factory.OpenAsync();
        await db.ExecuteAsync("""
            insert into access_log (at, actor, role, action, client_id, client_seq, previous_hash, hash)
            values ('2001-01-01', 'forger', 'admin', 'client.read', @client, 42, '\x00', '\x00')
            """, new { client });
        var row = await db.QuerySingleAsync<(DateTime At, long Seq, byte[]? Previous, byte[] Hash)>(
            "select at, client_seq, previous_hash, hash from access_log where client_id = @client", new { client });
        Assert.True(row.At > DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(1, row.Seq);
        Assert.Null(row.Previous);
        Assert.Equal(32, row.Hash.Length);
    }
}
