-- Every row of meeting_mentions points to an existing article.
select *
from meeting_mentions
where not exists (
    select 1 from articles where articles.article_id = meeting_mentions.article_id
)
