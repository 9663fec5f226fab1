using Dapper;
using FitService.Api.Instruments;

namespace FitService.Api.Episodes;

/// <summary>
/// One collateral rating as the episode read shows it: the session it accompanies and that session's date, the
/// rater's relation (never a name), the total and items of the current revision. The chart draws these as their
/// own line; they are never part of the sessions, the trajectory or the change figures.
/// </summary>
public sealed record CollateralView(int SessionNumber, DateOnly Date, string Relation, decimal Total, IReadOnlyDictionary<string, decimal> Items)
{
    public string RatedBy => "collateral";
}

/// <summary>Reads an episode's collateral ratings (migration 0110), in session and relation order.</summary>
public static class CollateralLine
{
    sealed record Row(Guid Id, int SessionNumber, DateOnly HeldOn, string Relation, decimal Total);
    sealed record ItemRow(Guid RatingId, string ItemKey, decimal Value);

    /// <summary>The two statements that read them (parameter <c>@Id</c>, the episode), for the episode read's batch.</summary>
    public const string Sql = """
        select c.id, c.session_number, s.held_on, c.relation, c.total
        from collateral_ratings c join sessions s on s.episode_id = c.episode_id and s.number = c.session_number
        where c.episode_id = @Id
        order by c.session_number, array_position(array['parent', 'partner', 'teacher', 'other'], c.relation);
        select c.id as rating_id, v.item_key, v.value
        from collateral_ratings c
        join collateral_rating_revisions r on r.rating_id = c.id and r.revision = c.revision
        join collateral_item_values v on v.revision_id = r.id
        where c.episode_id = @Id;
        """;

    /// <summary>The ratings as read, before they are put in the outcome instrument's item order.</summary>
    public sealed class Read
    {
        readonly List<Row> rows;
        readonly ILookup<Guid, ItemRow> items;

        Read(List<Row> rows, ILookup<Guid, ItemRow> items) => (this.rows, this.items) = (rows, items);

        /// <summary>Takes the next two results of a batch that ran <see cref="Sql"/>, so the connection is free again.</summary>
        public static async Task<Read> FromAsync(SqlMapper.GridReader grid) =>
            new((await grid.ReadAsync<Row>()).ToList(), (await grid.ReadAsync<ItemRow>()).ToLookup(i => i.RatingId));

        /// <summary>The views, each rating's items in the instrument's order.</summary>
        public IReadOnlyList<CollateralView> Views(Instrument outcome) =>
            [.. rows.Select(r => new CollateralView(r.SessionNumber, r.HeldOn, r.Relation, r.Total, Ordered(items[r.Id], outcome)))];
    }

    // In the instrument's item order, as the sessions show theirs.
    static IReadOnlyDictionary<string, decimal> Ordered(IEnumerable<ItemRow> rows, Instrument instrument)
    {
        var byKey = rows.ToDictionary(r => r.ItemKey, r => r.Value);
        return instrument.Items.Where(i => byKey.ContainsKey(i.Key)).ToDictionary(i => i.Key, i => byKey[i.Key]);
    }
}
