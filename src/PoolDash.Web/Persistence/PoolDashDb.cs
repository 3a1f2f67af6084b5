using Microsoft.EntityFrameworkCore;

namespace PoolDash.Web.Persistence;

/// <summary>PoolDash's SQLite database: pools and everything in them. Enums are stored by name, for people.</summary>
public sealed class PoolDashDb(DbContextOptions<PoolDashDb> options) : DbContext(options)
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

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<PoolRecord>().HasKey(p => p.Id);
        // Audit ids are assigned by the chain (the hash covers them), never by the database.
        modelBuilder.Entity<Audit.AuditRecord>().Property(a => a.Id).ValueGeneratedNever();
        modelBuilder.Entity<Audit.AuditRecord>().HasIndex(a => new { a.PoolId, a.At });
        modelBuilder.Entity<HostRecord>().HasKey(h => new { h.PoolId, h.Id });
        modelBuilder.Entity<ForgottenHostRecord>().HasKey(h => new { h.PoolId, h.HostId });
        modelBuilder.Entity<SrRecord>().HasKey(s => new { s.PoolId, s.Id });
        modelBuilder.Entity<VdiRecord>().HasKey(v => new { v.PoolId, v.Id });
        modelBuilder.Entity<AttachKeyRecord>().HasKey(k => new { k.PoolId, k.VdiId, k.HostId });
        modelBuilder.Entity<VmRecord>().HasKey(v => new { v.PoolId, v.Id });
        modelBuilder.Entity<VmDiskRecord>().HasKey(d => new { d.PoolId, d.VmId, d.Position });
        foreach (var child in new[] { typeof(HostRecord), typeof(ForgottenHostRecord), typeof(SrRecord), typeof(VdiRecord), typeof(AttachKeyRecord), typeof(VmRecord), typeof(VmDiskRecord) })
        {
            modelBuilder.Entity(child).HasOne(typeof(PoolRecord)).WithMany().HasForeignKey("PoolId").OnDelete(DeleteBehavior.Cascade);
        }
    }
}
