using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PoolDash.Web.Auth;

namespace PoolDash.Web.Persistence;

/// <summary>PoolDash's SQLite database: pools and everything in them, the audit trail, two-person requests, and the
/// users (ASP.NET Core Identity's tables). Enums are stored by name, for people.</summary>
public sealed class PoolDashDb(DbContextOptions<PoolDashDb> options) : IdentityDbContext<PoolDashUser>(options)
{
    public static DbContextOptions<PoolDashDb> Options(string sqliteConnectionString) =>
        new DbContextOptionsBuilder<PoolDashDb>().UseSqlite(sqliteConnectionString).Options;

    public DbSet<PoolRecord> Pools => Set<PoolRecord>();

    public DbSet<HostRecord> Hosts => Set<HostRecord>();

    public DbSet<ForgottenHostRecord> ForgottenHosts => Set<ForgottenHostRecord>();

    public DbSet<SrRecord> Srs => Set<SrRecord>();

    public DbSet<VdiRecord> Vdis => Set<VdiRecord>();

    public DbSet<AttachKeyRecord> AttachKeys => Set<AttachKeyRecord>();

    public DbSet<VmRecord> Vms => Set<VmRecord>();

    public DbSet<VmDiskRecord> VmDisks => Set<VmDiskRecord>();

    public DbSet<Audit.AuditRecord> Audit => Set<Audit.AuditRecord>();

    public DbSet<ApprovalRecord> Approvals => Set<ApprovalRecord>();

    /// <summary>Connected pools' XAPI access. No foreign key to the pool: a pool's rows are rewritten on every save.</summary>
    public DbSet<XapiPools.XapiConnectionRecord> XapiConnections => Set<XapiPools.XapiConnectionRecord>();

    public DbSet<Incidents.IncidentRecord> Incidents => Set<Incidents.IncidentRecord>();

    public DbSet<Notifications.ChannelRecord> NotificationChannels => Set<Notifications.ChannelRecord>();

    /// <summary>Incident changes owed to the channels, written with the change itself.</summary>
    public DbSet<Notifications.OutboxRecord> NotificationOutbox => Set<Notifications.OutboxRecord>();

    public DbSet<Notifications.DeliveryRecord> NotificationDeliveries => Set<Notifications.DeliveryRecord>();

    /// <summary>Steps sent to connected pools, until the pool shows them (or refuses them).</summary>
    public DbSet<XapiPools.XapiStepRecord> XapiSteps => Set<XapiPools.XapiStepRecord>();

    public DbSet<Kiosk.KioskLinkRecord> KioskLinks => Set<Kiosk.KioskLinkRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.Entity<ApprovalRecord>().HasKey(a => a.Id);
        builder.Entity<ApprovalRecord>().HasIndex(a => new { a.PoolId, a.Status });
        builder.Entity<PoolRecord>().HasKey(p => p.Id);
        builder.Entity<XapiPools.XapiConnectionRecord>().HasKey(c => c.PoolId);
        builder.Entity<XapiPools.XapiStepRecord>().HasKey(s => s.Id);
        builder.Entity<Incidents.IncidentRecord>().HasKey(i => i.Id);
        builder.Entity<Incidents.IncidentRecord>().HasIndex(i => new { i.PoolId, i.State });
        builder.Entity<XapiPools.XapiStepRecord>().HasIndex(s => s.Status);
        builder.Entity<Notifications.ChannelRecord>().HasKey(c => c.Id);
        builder.Entity<Kiosk.KioskLinkRecord>().HasKey(k => k.Id);
        builder.Entity<Kiosk.KioskLinkRecord>().HasIndex(k => k.TokenHash).IsUnique();
        builder.Entity<Notifications.OutboxRecord>().HasKey(o => o.Id);
        builder.Entity<Notifications.OutboxRecord>().HasIndex(o => o.Routed);
        builder.Entity<Notifications.DeliveryRecord>().HasKey(d => d.Id);
        builder.Entity<Notifications.DeliveryRecord>().HasIndex(d => d.Status);
        builder.Entity<Notifications.DeliveryRecord>().HasIndex(d => new { d.IncidentId, d.ChannelId });
        builder.Entity<Incidents.IncidentRecord>().Property(i => i.EscalationLevel).HasDefaultValue(1);
        // Audit ids are assigned by the chain (the hash covers them), never by the database.
        builder.Entity<Audit.AuditRecord>().Property(a => a.Id).ValueGeneratedNever();
        builder.Entity<Audit.AuditRecord>().HasIndex(a => new { a.PoolId, a.At });
        builder.Entity<HostRecord>().HasKey(h => new { h.PoolId, h.Id });
        builder.Entity<ForgottenHostRecord>().HasKey(h => new { h.PoolId, h.HostId });
        builder.Entity<SrRecord>().HasKey(s => new { s.PoolId, s.Id });
        builder.Entity<VdiRecord>().HasKey(v => new { v.PoolId, v.Id });
        builder.Entity<AttachKeyRecord>().HasKey(k => new { k.PoolId, k.VdiId, k.HostId });
        builder.Entity<VmRecord>().HasKey(v => new { v.PoolId, v.Id });
        builder.Entity<VmDiskRecord>().HasKey(d => new { d.PoolId, d.VmId, d.Position });
        foreach (var child in new[] { typeof(HostRecord), typeof(ForgottenHostRecord), typeof(SrRecord), typeof(VdiRecord), typeof(AttachKeyRecord), typeof(VmRecord), typeof(VmDiskRecord) })
        {
            builder.Entity(child).HasOne(typeof(PoolRecord)).WithMany().HasForeignKey("PoolId").OnDelete(DeleteBehavior.Cascade);
        }
    }
}
