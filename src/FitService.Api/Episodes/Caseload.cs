using Dapper;
using FitService.Api.Infrastructure;
using Npgsql;

namespace FitService.Api.Episodes;

/// <summary>When an open episode counts as overdue: no session (or, before the first, no start) for this many weeks.</summary>
public sealed class CaseloadSettings
{
    public int OverdueWeeks { get; set; } = 4;
}

/// <summary>A validated request for one department's episodes.</summary>
public sealed record CaseloadFilter(string Department, string Status, bool Mine, string? Search, string Sort, int Limit, int Offset);

/// <summary>
/// The episode list behind the overview: one department, optionally only "my clients" (episodes I opened or recorded a
/// session in) and a pseudonym search, either newest start first or by risk: red, orange, overdue, the rest.
/// </summary>
public static class Caseload
{
    public const int MaxSearchLength = 100;
    public static readonly string[] Sorts = ["started", "risk"];

    public static readonly QueryParameter[] Query =
    [
        new("mine", "true: only my clients, the episodes I opened or recorded a session in", Allowed: ["true", "false"], Default: "false"),
        new("search", $"Part of the pseudonym, any case (1–{MaxSearchLength} characters)", Pattern: $"^.{{1,{MaxSearchLength}}}$"),
        new("sort", "started: newest start first; risk: red, orange, overdue, then the rest, longest without a session first",
            Allowed: Sorts, Default: "started"),
    ];

    public static IServiceCollection AddCaseload(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked here, while the host is built, as Auth:ClockSkew is: a failure inside ValidateOnStart raced the host's
        // disposal and could surface as an ObjectDisposedException that does not name the setting.
        var weeks = configuration.GetValue("Caseload:OverdueWeeks", new CaseloadSettings().OverdueWeeks);
        if (weeks is < 1 or > 52)
            throw new InvalidOperationException("Caseload:OverdueWeeks must be a whole number of weeks from 1 to 52.");
        services.AddOptions<CaseloadSettings>().Bind(configuration.GetSection("Caseload"));
        return services;
    }

    // Red: the trajectory is red or a live alert is high; orange: the trajectory is orange or a live alert is medium.
    // A closed episode carries no risk and is never overdue.
    const string Listed = """
        with listed as (
            select e.*, c.pseudonym,
                   (select count(*) from alerts a where a.episode_id = e.id and a.status in ('open', 'acknowledged'))::int as open_alerts,
                   case when e.ended_on is not null then 'none'
                        when t.status = 'red' or exists (select 1 from alerts a where a.episode_id = e.id
                             and a.status in ('open', 'acknowledged') and a.severity = 'high') then 'red'
                        when t.status = 'orange' or exists (select 1 from alerts a where a.episode_id = e.id
                             and a.status in ('open', 'acknowledged') and a.severity = 'medium') then 'orange'
                        else 'none' end as risk,
                   (e.ended_on is null and coalesce(e.last_session_on, e.started_on) <= @overdueFrom) as overdue
            from episodes e
            join clients c on c.id = e.client_id
            left join episode_trajectories t on t.episode_id = e.id
            where e.department_code = @Department
              and (@Status = 'all' or (e.ended_on is null) = (@Status = 'open'))
              and (@pattern::text is null or c.pseudonym ilike @pattern)
              and (not @Mine or e.created_by = @subject or exists (
                   select 1 from sessions s join session_revisions r on r.session_id = s.id
                   where s.episode_id = e.id and r.recorded_by = @subject))
        )
        """;

    const string Sql = Listed + "select count(*) from listed;\n" + Listed + """
        select id, client_id, pseudonym, department_code, started_on, ended_on, end_reason, outcome_instrument, session_count,
               last_session_on, intake_outcome as intake_total, last_outcome as last_total, reliable_change, category, open_alerts,
               risk, overdue
        from listed
        order by case when @Sort = 'risk' then case risk when 'red' then 0 when 'orange' then 1 else case when overdue then 2 else 3 end end end,
                 case when @Sort = 'risk' then coalesce(last_session_on, started_on) end,
                 case when @Sort = 'started' then started_on end desc,
                 pseudonym, id
        limit @Limit offset @Offset;
        """;

    public static async Task<(long Total, List<EpisodeListItem> Items)> ReadAsync(NpgsqlConnection connection, CaseloadFilter filter,
        string subject, DateOnly overdueFrom)
    {
        // The search is a literal part of the pseudonym: LIKE's wildcards in it match only themselves.
        var pattern = filter.Search is null ? null
            : "%" + filter.Search.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        using var grid = await connection.QueryMultipleAsync(Sql, new
        {
            filter.Department, filter.Status, filter.Mine, filter.Sort, filter.Limit, filter.Offset, pattern, subject, overdueFrom,
        });
        var total = await grid.ReadSingleAsync<long>();
        return (total, (await grid.ReadAsync<EpisodeListItem>()).ToList());
    }
}
