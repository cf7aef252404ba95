namespace UcStack.Psom.Tests;

/// <summary>Field-by-field message comparison (records compare their collections by reference).</summary>
internal static class PsomMessageEquality
{
    public static bool AreEqual(PsomMessage a, PsomMessage b) => (a, b) switch
    {
        (PsomHelloMessage x, PsomHelloMessage y) => x.Versions.SequenceEqual(y.Versions) && x.ConferenceId == y.ConferenceId
            && x.User == y.User && x.Role == y.Role && x.Token.Span.SequenceEqual(y.Token.Span) && x.ClientName == y.ClientName,
        (PsomSnapshotMessage x, PsomSnapshotMessage y) => x.RequestId == y.RequestId && x.ObjectId == y.ObjectId
            && x.TreeVersion == y.TreeVersion && x.IsLast == y.IsLast && x.Objects.SequenceEqual(y.Objects),
        (PsomReplayMessage x, PsomReplayMessage y) => x.RequestId == y.RequestId && x.ObjectId == y.ObjectId
            && x.TreeVersion == y.TreeVersion && x.IsLast == y.IsLast && x.Changes.SequenceEqual(y.Changes),
        (PsomCreateMessage x, PsomCreateMessage y) => x.RequestId == y.RequestId && x.ParentId == y.ParentId
            && x.TypeName == y.TypeName && x.Persistent == y.Persistent && PsomProperties.AreEqual(x.Properties, y.Properties),
        (PsomUpdateMessage x, PsomUpdateMessage y) => x.RequestId == y.RequestId && x.ObjectId == y.ObjectId
            && x.BaseVersion == y.BaseVersion && PsomProperties.AreEqual(x.Changes, y.Changes),
        (PsomInvokeMessage x, PsomInvokeMessage y) => x.CallId == y.CallId && x.ObjectId == y.ObjectId && x.Method == y.Method
            && PsomProperties.AreEqual(x.Arguments, y.Arguments),
        (PsomResultMessage x, PsomResultMessage y) => x.CallId == y.CallId && x.Code == y.Code && x.Detail == y.Detail
            && PsomProperties.AreEqual(x.Values, y.Values),
        _ => a.Equals(b),
    };
}
