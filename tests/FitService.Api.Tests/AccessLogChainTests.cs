using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;

namespace FitService.Api.Tests;

/// <summary>
/// The hash chain catches what the triggers cannot stop: the schema owner switching a trigger off, changing or
/// removing an entry, and switching it on again. Each tampering test has a database of its own.
/// </summary>
public class AccessLogChainTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task AnIntactLogVerifiesAndNamesEachChainsHead()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(clinician, department);
        await Clinic.EpisodeAsync(clinician, client, department);
        await clinician.GetAsync($"/api/v1/clients/{client}");

        var result = await VerifyAsync(Factory);

        await using var db = await Factory.OpenAsync();
        Assert.True((bool)result["intact"]!);
        Assert.Null(result["firstBroken"]);
        Assert.Empty(result["broken"]!.AsArray());
        Assert.Equal(await db.ExecuteScalarAsync<long>("select count(*) from access_log"), (long)result["entries"]!);
        Assert.Equal(await db.ExecuteScalarAsync<int>("select count(distinct client_id) from access_log"), (int)result["chains"]!);
        var head = result["heads"]!.AsArray().Single(h => (Guid)h!["clientId"]! == client)!;
        var last = await db.QuerySingleAsync<(long Id, long Seq, byte[] Hash)>(
            "select id, client_seq, hash from access_log where client_id = @client order by client_seq desc limit 1", new { client });
        Assert.Equal((last.Id, last.Seq, Convert.ToHexStringLower(last.Hash)), ((long)head["id"]!, (long)head["sequence"]!, (string)head["hash"]!));
        Assert.Equal(3, last.Seq); // client.create, episode.create, client.read
    }

    [Fact]
    public async Task ConcurrentReadsOfTheSameClientsStayOneUnbrokenChainEach()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        Guid[] clients = [await Clinic.ClientAsync(clinician, department), await Clinic.ClientAsync(clinician, department)];
        foreach (var client in clients) await Clinic.EpisodeAsync(clinician, client, department);
        // 40 requests at once, 20 per client, plus list views that log both clients in one statement.
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 8 == 0
            ? clinician.GetAsync($"/api/v1/episodes?department={department}&status=all")
            : clinician.GetAsync($"/api/v1/clients/{clients[i % 2]}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.True((bool)(await VerifyAsync(Factory))["intact"]!);
        await using var db = await Factory.OpenAsync();
        Assert.Equal(10, await db.ExecuteScalarAsync<int>(
            "select count(*) from access_log where action = 'episode.list' and client_id = any(@clients)", new { clients }));
        foreach (var client in clients)
        {
            var positions = (await db.QueryAsync<long>("select client_seq from access_log where client_id = @client order by client_seq", new { client })).ToList();
            Assert.Equal(Enumerable.Range(1, positions.Count).Select(n => (long)n), positions);
        }
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    [InlineData("evaluator")]
    public async Task OnlyAdminsVerify(string role)
    {
        var department = await Clinic.DepartmentAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await Factory.As(role, department).GetAsync("/api/v1/access-log/verify")).StatusCode);
    }

    [Fact]
    public async Task AnEntryRewrittenByTheOwnerIsNamed()
    {
        await using var own = new FitServiceFactory();
        await own.InitializeAsync();
        var (client, ids) = await ClientWithEntriesAsync(own);
        await AsOwnerWithoutTheGuardAsync(own, "update access_log set actor = 'someone-else' where id = @id", ids[1]);

        var result = await VerifyAsync(own);

        Assert.False((bool)result["intact"]!);
        AssertBroken(result["firstBroken"]!, ids[1], client, 2, "changed");
        Assert.Single(result["broken"]!.AsArray());
    }

    [Fact]
    public async Task AnEntryRewrittenAndRehashedByTheOwnerBreaksTheLinkAfterIt()
    {
        await using var own = new FitServiceFactory();
        await own.InitializeAsync();
        var (client, ids) = await ClientWithEntriesAsync(own);
        await AsOwnerWithoutTheGuardAsync(own, """
            update access_log set actor = 'someone-else',
                hash = access_log_entry_hash(id, client_seq, at, 'someone-else', role, action, client_id, episode_id, request_id, previous_hash)
            where id = @id
            """, ids[1]);

        AssertBroken((await VerifyAsync(own))["firstBroken"]!, ids[2], client, 3, "linkBroken");
    }

    [Fact]
    public async Task AnEntryDeletedByTheOwnerIsCaughtAtTheEntryAfterIt()
    {
        await using var own = new FitServiceFactory();
        await own.InitializeAsync();
        var (client, ids) = await ClientWithEntriesAsync(own);
        await AsOwnerWithoutTheGuardAsync(own, "delete from access_log where id = @id", ids[1]);

        var result = await VerifyAsync(own);

        Assert.False((bool)result["intact"]!);
        AssertBroken(result["firstBroken"]!, ids[2], client, 3, "entryMissingBefore");
    }

    /// <summary>A client with three entries (create, read, read), their ids in chain order.</summary>
    static async Task<(Guid Client, long[] Ids)> ClientWithEntriesAsync(FitServiceFactory factory)
    {
        var clinic = new Clinic(factory);
        var department = await clinic.DepartmentAsync();
        var clinician = factory.As("clinician", department);
        var client = await clinic.ClientAsync(clinician, department);
        await clinician.GetAsync($"/api/v1/clients/{client}");
        await clinician.GetAsync($"/api/v1/clients/{client}");
        await using var db = await factory.OpenAsync();
        var ids = (await db.QueryAsync<long>("select id from access_log where client_id = @client order by client_seq", new { client })).ToArray();
        Assert.Equal(3, ids.Length);
        return (client, ids);
    }

    /// <summary>What an owner can do: switch the append-only trigger off, tamper, switch it on again.</summary>
    static async Task AsOwnerWithoutTheGuardAsync(FitServiceFactory factory, string sql, long id)
    {
        await using var db = await factory.OpenAsOwnerAsync();
        await using var transaction = await db.BeginTransactionAsync();
        await db.ExecuteAsync("alter table access_log disable trigger access_log_no_update_delete", transaction: transaction);
        Assert.Equal(1, await db.ExecuteAsync(sql, new { id }, transaction));
        await db.ExecuteAsync("alter table access_log enable trigger access_log_no_update_delete", transaction: transaction);
        await transaction.CommitAsync();
    }

    static async Task<JsonObject> VerifyAsync(FitServiceFactory factory)
    {
        var response = await new Clinic(factory).Admin.GetAsync("/api/v1/access-log/verify");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    static void AssertBroken(JsonNode broken, long id, Guid client, long sequence, string reason) =>
        Assert.Equal((id, client, sequence, reason),
            ((long)broken["id"]!, (Guid)broken["clientId"]!, (long)broken["sequence"]!, (string)broken["reason"]!));
}
