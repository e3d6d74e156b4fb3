-- CreateEnum
CREATE TYPE "AdvisorRole" AS ENUM ('ADVISOR', 'ANALYST');

-- CreateEnum
CREATE TYPE "HandoffStatus" AS ENUM ('WAITING', 'ASSIGNED', 'DIALOG', 'CLOSED');

-- CreateEnum
CREATE TYPE "HandoffReason" AS ENUM ('ASKED', 'STUCK', 'SENSITIVE');

-- CreateEnum
CREATE TYPE "NoteKind" AS ENUM ('NOTE', 'RESULT');

-- AlterTable
ALTER TABLE "transcript_entry" ADD COLUMN     "author" TEXT;

-- CreateTable
CREATE TABLE "advisor" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "roles" "AdvisorRole"[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "advisor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "advisor_session" (
    "token_hash" TEXT NOT NULL,
    "advisor_id" UUID NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "advisor_session_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "handoff" (
    "id" UUID NOT NULL,
    "channel_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "status" "HandoffStatus" NOT NULL,
    "reason" "HandoffReason" NOT NULL,
    "detail" TEXT,
    "summary" TEXT NOT NULL,
    "bot_continues" BOOLEAN NOT NULL DEFAULT false,
    "external" BOOLEAN NOT NULL DEFAULT false,
    "advisor_id" UUID,
    "dialog" TEXT,
    "return_to_advisor" BOOLEAN NOT NULL DEFAULT false,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "assigned_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "handoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "handoff_note" (
    "id" BIGSERIAL NOT NULL,
    "handoff_id" UUID NOT NULL,
    "kind" "NoteKind" NOT NULL,
    "author" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "handoff_note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "advisor_email_key" ON "advisor"("email");

-- CreateIndex
CREATE INDEX "advisor_session_expires_at_idx" ON "advisor_session"("expires_at");

-- CreateIndex
CREATE INDEX "handoff_status_requested_at_idx" ON "handoff"("status", "requested_at");

-- CreateIndex
CREATE UNIQUE INDEX "handoff_channel_id_conversation_id_key" ON "handoff"("channel_id", "conversation_id");

-- CreateIndex
CREATE INDEX "handoff_note_handoff_id_id_idx" ON "handoff_note"("handoff_id", "id");

-- AddForeignKey
ALTER TABLE "advisor_session" ADD CONSTRAINT "advisor_session_advisor_id_fkey" FOREIGN KEY ("advisor_id") REFERENCES "advisor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "handoff_note" ADD CONSTRAINT "handoff_note_handoff_id_fkey" FOREIGN KEY ("handoff_id") REFERENCES "handoff"("id") ON DELETE CASCADE ON UPDATE CASCADE;
