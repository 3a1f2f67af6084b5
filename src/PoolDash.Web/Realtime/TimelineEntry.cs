namespace PoolDash.Web.Realtime;

/// <param name="Severity">error, warning, success or info.</param>
public sealed record TimelineEntry(DateTimeOffset At, string Severity, string Text);
