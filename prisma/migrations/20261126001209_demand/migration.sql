-- CreateEnum
CREATE TYPE "InvitationAnswer" AS ENUM ('YES', 'NO');

-- CreateTable
CREATE TABLE "need_rollup" (
    "dimension" VARCHAR(16) NOT NULL,
    "month" DATE NOT NULL,
    "commune_insee" VARCHAR(5) NOT NULL,
    "value" TEXT NOT NULL,
    "needs" INTEGER NOT NULL,
    "headcount" INTEGER NOT NULL,

    CONSTRAINT "need_rollup_pkey" PRIMARY KEY ("dimension","month","commune_insee","value")
);

-- CreateTable
CREATE TABLE "pool_invitation" (
    "id" UUID NOT NULL,
    "need_id" UUID NOT NULL,
    "other_companies" INTEGER NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" "InvitationAnswer",
    "answered_at" TIMESTAMP(3),

    CONSTRAINT "pool_invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "pool_invitation_need_id_key" ON "pool_invitation"("need_id");

-- AddForeignKey
ALTER TABLE "pool_invitation" ADD CONSTRAINT "pool_invitation_need_id_fkey" FOREIGN KEY ("need_id") REFERENCES "need"("id") ON DELETE CASCADE ON UPDATE CASCADE;
