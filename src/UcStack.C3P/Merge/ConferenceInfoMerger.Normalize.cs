namespace UcStack.C3P;

/// <summary>Normalisation: the merged state is a full document whose descendants carry no state attribute.</summary>
public static partial class ConferenceInfoMerger
{
    /// <summary>Returns <paramref name="document"/> as a normalised full document: root state full, no state below it,
    /// and deleted keyed elements (meaningless in a full document) removed.</summary>
    /// <param name="document">A full document.</param>
    /// <returns>The normalised document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static ConferenceInfoDocument Normalize(ConferenceInfoDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document with
        {
            State = ConferenceElementState.Full,
            Description = Keep(document.Description, static d => d.State, NormalizeDescription),
            HostInfo = Keep(document.HostInfo, static h => h.State, NormalizeHostInfo),
            ConferenceState = Keep(document.ConferenceState, static s => s.State, static s => s with { State = null }),
            Users = Keep(document.Users, static u => u.State, NormalizeUsers),
            ConferenceView = Keep(document.ConferenceView, static v => v.State, NormalizeView),
        };
    }

    private static T? Keep<T>(T? element, Func<T, ConferenceElementState?> state, Func<T, T> normalize)
        where T : class =>
        element is null || state(element) == ConferenceElementState.Deleted ? null : normalize(element);

    private static ValueList<T> KeepAll<T>(ValueList<T> items, Func<T, ConferenceElementState?> state, Func<T, T> normalize) =>
        ValueList.From(items.Where(i => state(i) != ConferenceElementState.Deleted).Select(normalize));

    private static ConferenceDescription NormalizeDescription(ConferenceDescription d) => d with
    {
        State = null,
        ConfUris = Keep(d.ConfUris, static u => u.State, NormalizeUris),
        ServiceUris = Keep(d.ServiceUris, static u => u.State, NormalizeUris),
    };

    private static ConferenceUris NormalizeUris(ConferenceUris u) => u with { State = null };

    private static HostInfo NormalizeHostInfo(HostInfo h) => h with { State = null, Uris = Keep(h.Uris, static u => u.State, NormalizeUris) };

    private static ConferenceUsers NormalizeUsers(ConferenceUsers u) => u with
    {
        State = null,
        Users = KeepAll(u.Users, static x => x.State, NormalizeUser),
    };

    private static ConferenceUser NormalizeUser(ConferenceUser u) => u with
    {
        State = null,
        Endpoints = KeepAll(u.Endpoints, static x => x.State, NormalizeEndpoint),
    };

    private static ConferenceEndpoint NormalizeEndpoint(ConferenceEndpoint e) => e with { State = null };

    private static ConferenceView NormalizeView(ConferenceView v) => v with
    {
        State = null,
        EntityViews = KeepAll(v.EntityViews, static x => x.State, static x => x with { State = null }),
    };
}
