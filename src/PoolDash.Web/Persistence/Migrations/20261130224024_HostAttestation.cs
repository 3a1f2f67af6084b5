using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PoolDash.Web.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HostAttestation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AttestationMethod",
                table: "Hosts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttestationNote",
                table: "Hosts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AttestedAt",
                table: "Hosts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AttestedBy",
                table: "Hosts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AttestationMethod",
                table: "Hosts");

            migrationBuilder.DropColumn(
                name: "AttestationNote",
                table: "Hosts");

            migrationBuilder.DropColumn(
                name: "AttestedAt",
                table: "Hosts");

            migrationBuilder.DropColumn(
                name: "AttestedBy",
                table: "Hosts");
        }
    }
}
